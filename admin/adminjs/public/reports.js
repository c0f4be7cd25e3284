/* KlassnyReports: the panel's «Отчёты» page. The server lists what this person may ask for (/reports/choices:
   the kinds it may make with what each is for, the periods, and the classes, subjects and teachers it reaches)
   and makes the file (/reports/download), checking the rights on every request; this draws the form and
   hands the file to the browser, or lists the reasons it was refused. */
(function () {
  var h = React.createElement;
  var FORMATS = [['xlsx', 'Excel (XLSX)'], ['pdf', 'PDF'], ['csv', 'CSV']];
  var box = { background: '#fff', padding: '24px 32px', borderRadius: '4px', maxWidth: '880px', boxShadow: '0 1px 3px rgba(0,0,0,.08)' };
  var label = { display: 'block', fontWeight: 500, margin: '20px 0 6px' };
  var control = { padding: '6px 8px', minWidth: '280px', font: 'inherit', border: '1px solid #C0C0CA', borderRadius: '4px', background: '#fff' };
  var muted = { color: '#454655', fontSize: '13px' };
  var button = { marginTop: '28px', padding: '10px 24px', background: '#3040D6', color: '#fff', border: 0, borderRadius: '4px', cursor: 'pointer', fontSize: '15px' };

  var fileName = function (header) {
    var utf = /filename\*=UTF-8''([^;]+)/.exec(header || '');
    var plain = /filename="([^"]+)"/.exec(header || '');
    return utf ? decodeURIComponent(utf[1]) : plain ? plain[1] : 'report';
  };
  var errorsOf = function (res, fallback) {
    return res.json().then(function (data) { return data && data.errors && data.errors.length ? data.errors : [fallback]; }, function () { return [fallback]; });
  };

  function Reports() {
    var translation = window.AdminJS.useTranslation();
    var language = translation.i18n.language;
    var text = function (key) { return translation.translateComponent('KlassnyReports.' + key); };
    var base = window.REDUX_STATE.paths.rootPath + '/reports';
    var schoolState = React.useState('');
    var school = schoolState[0];
    var choicesState = React.useState(null);
    var choices = choicesState[0];
    var setChoices = choicesState[1];
    var formState = React.useState({ kind: '', when: 'period', period: '', from: '', to: '', class: '', subject: '', teacher: '', format: 'xlsx' });
    var form = formState[0];
    var set = function (patch) { formState[1](function (old) { return Object.assign({}, old, patch); }); };
    var resultState = React.useState(null);
    var result = resultState[0];
    var setResult = resultState[1];

    React.useEffect(function () {
      var cancelled = false;
      var failed = text('failed');
      fetch(base + '/choices?lang=' + encodeURIComponent(language) + (school ? '&school=' + encodeURIComponent(school) : ''), { credentials: 'same-origin' })
        .then(function (res) { return res.ok ? res.json() : errorsOf(res, failed).then(function (errors) { return { errors: errors }; }); })
        .then(function (data) {
          if (cancelled) return;
          setChoices(data);
          if (data.kinds) set({ kind: data.kinds[0] ? data.kinds[0].id : '', when: data.periods.length ? 'period' : 'dates', period: data.currentPeriod ? String(data.currentPeriod) : data.periods[0] ? String(data.periods[0].id) : '', class: '', subject: '', teacher: '' });
        }, function () { if (!cancelled) setChoices({ errors: [failed] }); });
      return function () { cancelled = true; };
    }, [language, school]);

    function make(event) {
      event.preventDefault();
      var query = { kind: form.kind, format: form.format, lang: language };
      if (form.when === 'period') query.period = form.period; else { query.from = form.from; query.to = form.to; }
      ['class', 'subject', 'teacher'].forEach(function (key) { if (form[key]) query[key] = form[key]; });
      if (school) query.school = school;
      var url = base + '/download?' + new URLSearchParams(query).toString();
      var failed = text('failed');
      setResult({ pending: true });
      fetch(url, { credentials: 'same-origin' })
        .then(function (res) {
          if (!res.ok) return errorsOf(res, failed).then(function (errors) { setResult({ errors: errors }); });
          return res.blob().then(function (blob) {
            var name = fileName(res.headers.get('content-disposition'));
            var link = document.createElement('a');
            link.href = URL.createObjectURL(blob);
            link.download = name;
            document.body.appendChild(link);
            link.click();
            link.remove();
            setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
            setResult({ done: name });
          });
        })
        .catch(function () { setResult({ errors: [failed] }); });
    }

    var page = function (children) {
      return h('div', { style: { padding: '32px' }, 'data-testid': 'reports-page' },
        h('h1', { style: { fontSize: '28px', marginBottom: '4px' } }, text('title')),
        h('p', { style: Object.assign({ marginBottom: '24px' }, muted) }, text('intro')),
        children);
    };
    var errorList = function (lines) {
      return h('ul', { style: { color: '#C20012', listStyle: 'disc', paddingLeft: '20px', marginTop: '20px' }, 'data-testid': 'reports-errors' },
        lines.map(function (line, i) { return h('li', { key: i }, line); }));
    };
    if (!choices) return page(h('div', { style: box }, text('loading')));
    if (choices.errors) return page(h('div', { style: box }, errorList(choices.errors)));

    var options = function (items, describe) {
      return [h('option', { key: '', value: '' }, text('any'))].concat(items.map(function (item) {
        return h('option', { key: item.id, value: String(item.id) }, describe ? describe(item) : item.name);
      }));
    };
    var several = choices.classes.some(function (c) { return c.year !== (choices.classes[0] || {}).year; });
    var select = function (key, items, describe) {
      return h('select', { value: form[key], style: control, 'data-testid': 'reports-' + key, onChange: function (e) { var patch = {}; patch[key] = e.target.value; set(patch); } },
        options(items, describe));
    };
    var kind = choices.kinds.filter(function (k) { return k.id === form.kind; })[0];

    return page(h('form', { style: box, onSubmit: make, 'data-testid': 'reports-form' },
      choices.schools.length > 1 && h('div', null,
        h('label', { style: label }, text('school')),
        h('select', { value: String(choices.school.id), style: control, 'data-testid': 'reports-school', onChange: function (e) { setResult(null); schoolState[1](e.target.value); } },
          choices.schools.map(function (s) { return h('option', { key: s.id, value: String(s.id) }, s.name); }))),
      h('label', { style: Object.assign({}, label, { marginTop: 0 }) }, text('kind')),
      h('div', { role: 'radiogroup', 'data-testid': 'reports-kinds' }, choices.kinds.map(function (k) {
        var chosen = k.id === form.kind;
        return h('label', { key: k.id, style: { display: 'block', padding: '8px 12px', marginBottom: '4px', borderRadius: '4px', cursor: 'pointer', background: chosen ? '#F0F1F9' : 'transparent' } },
          h('input', { type: 'radio', name: 'kind', value: k.id, checked: chosen, 'data-testid': 'reports-kind-' + k.id, onChange: function () { set({ kind: k.id }); }, style: { marginRight: '10px' } }),
          h('b', null, k.id + '. ' + k.title),
          h('div', { style: Object.assign({ marginLeft: '24px', marginTop: '2px' }, muted) }, k.description));
      })),
      h('label', { style: label }, text('when')),
      h('div', null,
        h('label', { style: { marginRight: '16px' } }, h('input', { type: 'radio', name: 'when', checked: form.when === 'period', 'data-testid': 'reports-when-period', onChange: function () { set({ when: 'period' }); }, style: { marginRight: '6px' } }), text('byPeriod')),
        h('label', null, h('input', { type: 'radio', name: 'when', checked: form.when === 'dates', 'data-testid': 'reports-when-dates', onChange: function () { set({ when: 'dates' }); }, style: { marginRight: '6px' } }), text('byDates'))),
      form.when === 'period'
        ? h('select', { value: form.period, required: true, style: Object.assign({}, control, { marginTop: '8px' }), 'data-testid': 'reports-period', onChange: function (e) { set({ period: e.target.value }); } },
          choices.periods.map(function (p) { return h('option', { key: p.id, value: String(p.id) }, p.name + ', ' + p.year); }))
        : h('div', { style: { marginTop: '8px' } },
          h('span', { style: { marginRight: '8px' } }, text('from')),
          h('input', { type: 'date', required: true, value: form.from, style: Object.assign({}, control, { minWidth: 0, marginRight: '12px' }), 'data-testid': 'reports-from', onChange: function (e) { set({ from: e.target.value }); } }),
          h('span', { style: { marginRight: '8px' } }, text('to')),
          h('input', { type: 'date', required: true, value: form.to, style: Object.assign({}, control, { minWidth: 0 }), 'data-testid': 'reports-to', onChange: function (e) { set({ to: e.target.value }); } })),
      h('div', { style: { display: 'flex', flexWrap: 'wrap', columnGap: '24px' } },
        h('div', null, h('label', { style: label }, text('class')), select('class', choices.classes, function (c) { return several ? c.name + ' (' + c.year + ')' : c.name; })),
        h('div', null, h('label', { style: label }, text('subject')), select('subject', choices.subjects)),
        h('div', null, h('label', { style: label }, text('teacher')), select('teacher', choices.teachers))),
      h('label', { style: label }, text('format')),
      h('div', { 'data-testid': 'reports-format' }, FORMATS.map(function (f) {
        return h('label', { key: f[0], style: { marginRight: '16px' } },
          h('input', { type: 'radio', name: 'format', value: f[0], checked: form.format === f[0], 'data-testid': 'reports-format-' + f[0], onChange: function () { set({ format: f[0] }); }, style: { marginRight: '6px' } }), f[1]);
      })),
      h('button', { type: 'submit', style: Object.assign({}, button, result && result.pending ? { opacity: 0.6 } : {}), disabled: !kind || (result && result.pending), 'data-testid': 'reports-make' }, text('make')),
      result && result.pending && h('p', { style: { marginTop: '16px' } }, text('making')),
      result && result.done && h('p', { style: { marginTop: '16px', color: '#007D7F' }, 'data-testid': 'reports-done' }, text('done') + ' ' + result.done),
      result && result.errors && errorList(result.errors)));
  }

  window.AdminJS.UserComponents.KlassnyReports = Reports;

  // As in panel.js: if the page was drawn before this component was registered, a same-place navigation
  // makes the router draw it again, with the component.
  if (/\/pages\/reports\/?$/.test(location.pathname)) {
    history.replaceState(history.state, '', location.href);
    window.dispatchEvent(new PopStateEvent('popstate', { state: history.state }));
  }
})();
