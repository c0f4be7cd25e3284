/* KlassnyBackups: the panel's «Резервные копии» page. The server says where backups go, the schedule and the
   last runs (GET /backups), takes a backup on request (POST /backups/run) and checks the rights on both; this
   draws them, and the link to the public signing key (/integrity/public-key). */
(function () {
  var h = React.createElement;
  var box = { background: '#fff', padding: '24px 32px', borderRadius: '4px', maxWidth: '1100px', boxShadow: '0 1px 3px rgba(0,0,0,.08)', marginBottom: '24px' };
  var muted = { color: '#454655', fontSize: '13px' };
  var button = { padding: '10px 24px', background: '#3040D6', color: '#fff', border: 0, borderRadius: '4px', cursor: 'pointer', fontSize: '15px' };
  var cell = { padding: '6px 10px', borderBottom: '1px solid #EEEEEF', textAlign: 'left', verticalAlign: 'top', fontSize: '14px' };
  var errorsOf = function (res, fallback) {
    return res.json().then(function (data) { return data && data.errors && data.errors.length ? data.errors : [fallback]; }, function () { return [fallback]; });
  };

  function Backups() {
    var translation = window.AdminJS.useTranslation();
    var language = translation.i18n.language;
    var text = function (key, options) { return translation.translateComponent('KlassnyBackups.' + key, undefined, options); };
    var root = window.REDUX_STATE.paths.rootPath;
    var base = root + '/backups';
    var overviewState = React.useState(null);
    var overview = overviewState[0];
    var setOverview = overviewState[1];
    var resultState = React.useState(null);
    var result = resultState[0];
    var setResult = resultState[1];

    var load = function () {
      var failed = text('failed');
      return fetch(base + '?lang=' + encodeURIComponent(language), { credentials: 'same-origin' })
        .then(function (res) { return res.ok ? res.json() : errorsOf(res, failed).then(function (errors) { return { errors: errors }; }); })
        .then(setOverview, function () { setOverview({ errors: [failed] }); });
    };
    React.useEffect(function () { load(); }, [language]);

    function run() {
      var failed = text('failed');
      setResult({ pending: true });
      fetch(base + '/run?lang=' + encodeURIComponent(language), { method: 'POST', credentials: 'same-origin' })
        .then(function (res) {
          if (!res.ok) return errorsOf(res, failed).then(function (errors) { setResult({ errors: errors }); });
          return res.json().then(function (data) { setResult({ done: data }); return load(); });
        })
        .catch(function () { setResult({ errors: [failed] }); });
    }

    var errorList = function (lines) {
      return h('ul', { style: { color: '#C20012', listStyle: 'disc', paddingLeft: '20px', marginTop: '16px' }, 'data-testid': 'backups-errors' },
        lines.map(function (line, i) { return h('li', { key: i }, line); }));
    };
    var page = function (children) {
      return h('div', { style: { padding: '32px' }, 'data-testid': 'backups-page' },
        h('h1', { style: { fontSize: '28px', marginBottom: '4px' } }, text('title')),
        h('p', { style: Object.assign({ marginBottom: '24px', maxWidth: '880px' }, muted) }, text('intro')),
        children);
    };
    if (!overview) return page(h('div', { style: box }, text('loading')));
    if (overview.errors) return page(h('div', { style: box }, errorList(overview.errors)));

    var when = function (iso) { return new Date(iso).toLocaleString(language === 'en' ? 'en-GB' : 'ru-RU'); };
    var size = function (bytes) { return bytes == null ? '' : text('megabytes', { value: (bytes / 1e6).toFixed(1) }); };
    return page(h('div', null,
      h('div', { style: box },
        h('p', null, h('b', null, text('schedule')), ' ', overview.schedule ? h('code', null, overview.schedule) : text('scheduleOff')),
        h('p', { style: { marginTop: '12px', fontWeight: 500 } }, text('where')),
        h('ul', { style: { listStyle: 'disc', paddingLeft: '20px' }, 'data-testid': 'backups-destinations' }, overview.destinations.map(function (d) {
          return h('li', { key: d.id }, text(d.id) + ': ', h('code', null, d.place), ' — ' + text('keep', { count: d.keep }));
        })),
        h('div', { style: { marginTop: '20px' } },
          h('button', { type: 'button', style: Object.assign({}, button, result && result.pending ? { opacity: 0.6 } : {}), disabled: !!(result && result.pending), onClick: run, 'data-testid': 'backups-run' }, text('run'))),
        result && result.pending && h('p', { style: { marginTop: '12px' } }, text('running')),
        result && result.done && h('p', { style: { marginTop: '12px', color: '#007D7F' }, 'data-testid': 'backups-done' }, text('done', { name: result.done.name })),
        result && result.errors && errorList(result.errors),
        h('p', { style: { marginTop: '20px' } }, h('a', { href: root + '/integrity/public-key', style: { color: '#3040D6' }, 'data-testid': 'backups-public-key' }, text('publicKey'))),
        h('p', { style: muted }, text('publicKeyHint'))),
      h('div', { style: box },
        h('h2', { style: { fontSize: '20px', marginBottom: '12px' } }, text('runs')),
        overview.runs.length === 0 ? h('p', null, text('none')) : h('table', { style: { borderCollapse: 'collapse', width: '100%' }, 'data-testid': 'backups-runs' },
          h('thead', null, h('tr', null, ['when', 'destination', 'status', 'size', 'details', 'source'].map(function (k) { return h('th', { key: k, style: cell }, text(k)); }))),
          h('tbody', null, overview.runs.map(function (r, i) {
            var ok = r.status === 'success';
            return h('tr', { key: i },
              h('td', { style: cell }, when(r.finishedAt)),
              h('td', { style: cell }, text(r.destination)),
              h('td', { style: Object.assign({}, cell, { color: ok ? '#007D7F' : '#C20012', fontWeight: 500 }) }, text(ok ? 'success' : 'failedStatus')),
              h('td', { style: cell }, size(r.sizeBytes)),
              h('td', { style: Object.assign({}, cell, { wordBreak: 'break-all' }) }, ok ? h('code', null, r.location) : r.error),
              h('td', { style: cell }, text(r.source)));
          }))))));
  }

  window.AdminJS.UserComponents.KlassnyBackups = Backups;

  // As in panel.js: if the page was drawn before this component was registered, a same-place navigation
  // makes the router draw it again, with the component.
  if (/\/pages\/backups\/?$/.test(location.pathname)) {
    history.replaceState(history.state, '', location.href);
    window.dispatchEvent(new PopStateEvent('popstate', { state: history.state }));
  }
})();
