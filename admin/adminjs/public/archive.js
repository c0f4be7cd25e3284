/* KlassnyArchive: the panel's «Архив» page. The server lists the archives this person may see and the classes
   it may archive (/archive/list), makes a set (POST /archive/make), checks one (POST /archive/verify/:id) and
   hands out the files (/archive/download/:id), checking the rights on every request; this draws the list. */
(function () {
  var h = React.createElement;
  var box = { background: '#fff', padding: '24px 32px', borderRadius: '4px', boxShadow: '0 1px 3px rgba(0,0,0,.08)', marginBottom: '24px' };
  var control = { padding: '6px 8px', minWidth: '240px', font: 'inherit', border: '1px solid #C0C0CA', borderRadius: '4px', background: '#fff' };
  var muted = { color: '#454655', fontSize: '13px' };
  var button = { padding: '8px 20px', background: '#3040D6', color: '#fff', border: 0, borderRadius: '4px', cursor: 'pointer', fontSize: '14px', marginLeft: '12px' };
  var small = { padding: '3px 10px', background: '#fff', color: '#3040D6', border: '1px solid #3040D6', borderRadius: '4px', cursor: 'pointer', fontSize: '13px', marginLeft: '8px' };
  var cell = { padding: '8px 10px', borderBottom: '1px solid #E4E4EA', textAlign: 'left', verticalAlign: 'top' };
  var bad = { color: '#C20012', fontWeight: 500 };

  var errorsOf = function (res, fallback) {
    return res.json().then(function (data) { return data && data.errors && data.errors.length ? data.errors : [fallback]; }, function () { return [fallback]; });
  };
  var day = function (iso) { var p = iso.slice(0, 10).split('-'); return p[2] + '.' + p[1] + '.' + p[0]; };
  var moment = function (iso, language) { return new Date(iso).toLocaleString(language === 'en' ? 'en-GB' : 'ru-RU', { dateStyle: 'short', timeStyle: 'short' }); };

  function Archive() {
    var translation = window.AdminJS.useTranslation();
    var language = translation.i18n.language;
    var text = function (key, params) { return translation.translateComponent('KlassnyArchive.' + key, params); };
    var root = window.REDUX_STATE.paths.rootPath;
    var base = root + '/archive';
    var dataState = React.useState(null);
    var data = dataState[0];
    var setData = dataState[1];
    var groupState = React.useState('');
    var group = groupState[0];
    var noticeState = React.useState(null);
    var notice = noticeState[0];
    var setNotice = noticeState[1];
    var reloadState = React.useState(0);

    React.useEffect(function () {
      var cancelled = false;
      var failed = text('failed');
      fetch(base + '/list?lang=' + encodeURIComponent(language), { credentials: 'same-origin' })
        .then(function (res) { return res.ok ? res.json() : errorsOf(res, failed).then(function (errors) { return { errors: errors }; }); })
        .then(function (value) {
          if (cancelled) return;
          setData(value);
          if (value.classes && value.classes.length && !group) groupState[1](String(value.classes[0].id));
        }, function () { if (!cancelled) setData({ errors: [failed] }); });
      return function () { cancelled = true; };
    }, [language, reloadState[0]]);

    function post(url, pending, done) {
      var failed = text('failed');
      setNotice({ pending: pending });
      fetch(url + (url.indexOf('?') >= 0 ? '&' : '?') + 'lang=' + encodeURIComponent(language), { method: 'POST', credentials: 'same-origin' })
        .then(function (res) {
          if (!res.ok) return errorsOf(res, failed).then(function (errors) { setNotice({ errors: errors }); });
          return res.json().then(function (value) { setNotice(done(value)); reloadState[1](reloadState[0] + 1); });
        })
        .catch(function () { setNotice({ errors: [failed] }); });
    }
    function make(event) {
      event.preventDefault();
      post(base + '/make?class=' + encodeURIComponent(group), text('making'), function () { return { done: text('made') }; });
    }
    function verify(id) {
      post(base + '/verify/' + id, text('loading'), function (value) {
        return value.ok ? { done: text('verified') } : { errors: [text('verifyFailed')].concat(value.problems.map(function (p) { return (p.file || '') + ': ' + text('state.' + p.kind); })) };
      });
    }

    var page = function (children) {
      return h('div', { style: { padding: '32px' }, 'data-testid': 'archive-page' },
        h('h1', { style: { fontSize: '28px', marginBottom: '4px' } }, text('title')),
        h('p', { style: Object.assign({ marginBottom: '24px', maxWidth: '880px' }, muted) }, text('intro')),
        children);
    };
    var errorList = function (lines) {
      return h('ul', { style: { color: '#C20012', listStyle: 'disc', paddingLeft: '20px', marginTop: '12px' }, 'data-testid': 'archive-errors' },
        lines.map(function (line, i) { return h('li', { key: i }, line); }));
    };
    if (!data) return page(h('div', { style: box }, text('loading')));
    if (data.errors) return page(h('div', { style: box }, errorList(data.errors)));

    var several = data.classes.some(function (c) { return c.year !== (data.classes[0] || {}).year; });
    var state = function (line) {
      if (line.deletedAt) return h('span', { style: muted }, text('state.deleted'));
      var key = line.verifyState || 'unchecked';
      return h('span', null,
        h('span', { style: key === 'ok' ? { color: '#007D7F' } : bad, 'data-testid': 'archive-state-' + line.id }, text('state.' + key)),
        line.verifiedAt ? h('div', { style: muted }, text('checkedAt', { at: moment(line.verifiedAt, language) })) : null);
    };
    var rows = data.lines.map(function (line) {
      return h('tr', { key: line.id, 'data-testid': 'archive-line-' + line.id },
        h('td', { style: cell }, line.className),
        h('td', { style: cell }, line.yearName),
        h('td', { style: cell }, text('kind.' + line.kind)),
        h('td', { style: cell }, moment(line.madeAt, language), h('div', { style: muted }, line.madeBy)),
        h('td', { style: cell }, day(line.expiresOn)),
        h('td', { style: cell }, state(line)),
        h('td', { style: Object.assign({}, cell, { whiteSpace: 'nowrap' }) },
          line.deletedAt ? null : h('a', { href: base + '/download/' + line.id + '?lang=' + encodeURIComponent(language), style: { color: '#3040D6' }, 'data-testid': 'archive-download-' + line.id }, text('download')),
          data.canManage && !line.deletedAt ? h('button', { type: 'button', style: small, 'data-testid': 'archive-verify-' + line.id, onClick: function () { verify(line.id); } }, text('verify')) : null));
    });
    var heads = ['class', 'year', 'kind', 'made', 'expires', 'state', 'actions'].map(function (key) {
      return h('th', { key: key, style: Object.assign({}, cell, { fontWeight: 600 }) }, text('columns.' + key));
    });

    return page(h('div', null,
      data.canManage && data.classes.length > 0 && h('form', { style: box, onSubmit: make, 'data-testid': 'archive-form' },
        h('label', { style: { fontWeight: 500, marginRight: '12px' } }, text('class')),
        h('select', { value: group, style: control, 'data-testid': 'archive-class', onChange: function (e) { groupState[1](e.target.value); } },
          data.classes.map(function (c) { return h('option', { key: c.id, value: String(c.id) }, several ? c.name + ' (' + c.year + ')' : c.name); })),
        h('button', { type: 'submit', style: Object.assign({}, button, notice && notice.pending ? { opacity: 0.6 } : {}), disabled: !group || (notice && notice.pending), 'data-testid': 'archive-make' }, text('make'))),
      notice && notice.pending && h('p', { style: { marginBottom: '16px' } }, notice.pending),
      notice && notice.done && h('p', { style: { marginBottom: '16px', color: '#007D7F' }, 'data-testid': 'archive-done' }, notice.done),
      notice && notice.errors && errorList(notice.errors),
      h('div', { style: box },
        data.lines.length === 0
          ? h('p', { 'data-testid': 'archive-empty' }, text('empty'))
          : h('table', { style: { borderCollapse: 'collapse', width: '100%' }, 'data-testid': 'archive-table' }, h('thead', null, h('tr', null, heads)), h('tbody', null, rows))),
      data.publicKey && h('p', { style: muted },
        h('a', { href: root + '/integrity/public-key', style: { color: '#3040D6' }, 'data-testid': 'archive-public-key' }, text('publicKey')),
        h('br'), text('publicKeyHint'))));
  }

  window.AdminJS.UserComponents.KlassnyArchive = Archive;

  // As in panel.js: if the page was drawn before this component was registered, a same-place navigation
  // makes the router draw it again, with the component.
  if (/\/pages\/archive\/?$/.test(location.pathname)) {
    history.replaceState(history.state, '', location.href);
    window.dispatchEvent(new PopStateEvent('popstate', { state: history.state }));
  }
})();
