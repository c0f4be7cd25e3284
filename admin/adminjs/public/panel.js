/* Klassny panel additions, plain browser JavaScript on AdminJS's global React (no bundling needed).
   KlassnyDataTransfer: the "Выгрузка и загрузка" action of a list — download the list as XLSX or CSV,
   and, where the list can be imported, upload a file; a file with errors is refused whole and every
   bad line is listed. */
(function () {
  var h = React.createElement;
  var IMPORTS = { Staff: 'staff', Student: 'students', Subject: 'subjects', TeachingAssignment: 'assignments', TimetableSlot: 'timetable', ThematicPlanTopic: 'plans' };
  var box = { background: '#fff', padding: '24px', borderRadius: '4px', maxWidth: '760px' };
  var button = { display: 'inline-block', marginRight: '12px', padding: '8px 16px', background: '#3040D6', color: '#fff', borderRadius: '4px', textDecoration: 'none', border: 0, cursor: 'pointer', fontSize: '14px' };

  function DataTransfer(props) {
    var translation = window.AdminJS.useTranslation();
    var language = translation.i18n.language;
    var text = function (key, params) { return translation.translateComponent('KlassnyDataTransfer.' + key, params); };
    var resourceId = props.resource.id;
    var importKind = IMPORTS[resourceId];
    var state = React.useState(null);
    var result = state[0];
    var setResult = state[1];
    /* The schools this person may import into: their own, or every school for the deployment administrator. */
    var schoolsState = React.useState(null);
    var schools = schoolsState[0];
    var schoolState = React.useState('');
    var school = schoolState[0];
    var setSchool = schoolState[1];
    var base = window.REDUX_STATE.paths.rootPath + '/data';
    var lang = '?lang=' + encodeURIComponent(language);

    React.useEffect(function () {
      if (!importKind) return;
      fetch(base + '/import/schools' + lang, { credentials: 'same-origin' })
        // Refused (403): the person may download the list but not upload one, so no upload form.
        .then(function (res) { return res.ok ? res.json() : { schools: false }; })
        .then(function (data) {
          schoolsState[1](data.schools === false ? false : data.schools || []);
          // The only school is preselected; with several, the person picks one.
          if (data.schools && data.schools.length === 1) setSchool(String(data.schools[0].id));
        }, function () { schoolsState[1]([]); });
    }, [importKind, language]);

    function upload(event) {
      event.preventDefault();
      var input = event.target.querySelector('input[type=file]');
      if (!input.files.length) return;
      var form = new FormData();
      form.append('school', school);
      form.append('file', input.files[0]);
      setResult({ pending: true });
      fetch(base + '/import/' + importKind + lang, { method: 'POST', body: form, credentials: 'same-origin' })
        .then(function (res) { return res.json(); })
        .then(function (data) {
          setResult(data.imported !== undefined || data.errors ? data : { errors: [text('failed')] });
        }, function () { setResult({ errors: [text('notSent')] }); });
    }

    var label = { display: 'block', fontSize: '14px', marginBottom: '4px', color: '#454655' };
    var control = { padding: '6px 8px', minWidth: '320px', font: 'inherit', border: '1px solid #C0C0CA', borderRadius: '4px', background: '#fff', marginBottom: '16px' };
    return h('div', { style: box },
      h('h3', { style: { fontSize: '18px', marginBottom: '16px' } }, text('exportTitle')),
      h('a', { style: button, href: base + '/export/' + resourceId + '.xlsx', 'data-testid': 'export-xlsx' }, 'Excel (XLSX)'),
      h('a', { style: button, href: base + '/export/' + resourceId + '.csv', 'data-testid': 'export-csv' }, 'CSV'),
      importKind && schools !== false && h('form', { onSubmit: upload, style: { marginTop: '32px' } },
        h('h3', { style: { fontSize: '18px', marginBottom: '8px' } }, text('importTitle')),
        h('p', { style: { marginBottom: '12px', color: '#454655' } }, text('importHelp')),
        h('label', { htmlFor: 'import-school', style: label }, text('school')),
        h('select', {
          id: 'import-school', name: 'school', value: school, required: true, style: control, 'data-testid': 'import-school',
          onChange: function (event) { setSchool(event.target.value); },
        },
          schools && schools.length === 1 ? null : h('option', { value: '' }, text('chooseSchool')),
          (schools || []).map(function (s) { return h('option', { key: s.id, value: String(s.id) }, s.name); })),
        h('div', null,
          h('input', { type: 'file', name: 'file', accept: '.csv,.xlsx', required: true, style: { marginRight: '12px' } }),
          h('button', { type: 'submit', style: button }, text('upload')))),
      result && h('div', { style: { marginTop: '24px' }, 'data-testid': 'import-result' },
        result.pending ? text('uploading')
          : result.imported !== undefined ? h('p', { style: { color: '#007D7F' } }, text('imported', { count: result.imported }))
          : h('ul', { style: { color: '#C20012', listStyle: 'disc', paddingLeft: '20px' } },
              (result.errors || []).map(function (line, i) { return h('li', { key: i }, line); }))));
  }

  /* KlassnyDashboard: the panel's home page, the school's day by role (GET /api/dashboard, in the panel's
     language). Each figure opens its list where the list is the person's; the server checks again. It also
     replaces AdminJS's own dashboard route, so that its developer welcome page is never drawn. */
  var TILES = ['Student', 'Guardian', 'Staff', 'Group', 'TimetableSlot'];
  var LINKS = ['StudentMovement', 'Period', 'TeachingAssignment', 'ThematicPlanTopic', 'School'];
  var card = { boxSizing: 'border-box', background: '#fff', padding: '16px 20px', borderRadius: '4px', minWidth: '170px', flex: '0 1 200px', textDecoration: 'none', color: '#0C1E29', boxShadow: '0 1px 3px rgba(0,0,0,.08)', borderLeft: '4px solid transparent' };
  var muted = { color: '#454655' };

  function listable(id) {
    return (window.REDUX_STATE.resources || []).some(function (r) {
      return r.id === id && (r.resourceActions || []).some(function (a) { return a.name === 'list'; });
    });
  }
  function listUrl(link) {
    return window.REDUX_STATE.paths.rootPath + '/resources/' + link.resource + (link.query ? '?' + link.query : '');
  }
  /* A link to the list where the person may open it, plain text otherwise. */
  function linked(link, style, children, props) {
    var attrs = Object.assign({ style: style }, props || {});
    if (link && listable(link.resource)) return h('a', Object.assign(attrs, { href: listUrl(link) }), children);
    return h('div', attrs, children);
  }

  function Figure(props) {
    var f = props.figure;
    var style = Object.assign({}, card, f.attention ? { borderLeftColor: '#E6A100' } : {});
    return linked(f.link, style, [
      h('div', { key: 'v', style: { fontSize: '32px', fontWeight: 300, lineHeight: '40px' } }, f.value),
      h('div', { key: 'c' }, f.caption),
      f.detail ? h('div', { key: 'd', style: Object.assign({ fontSize: '13px', marginTop: '4px' }, muted) }, f.detail) : null,
    ], { 'data-testid': 'figure-' + f.id });
  }

  function Day(props) {
    var day = props.day;
    var cell = { padding: '8px 16px 8px 0', borderBottom: '1px solid #EEEEEF', textAlign: 'left', verticalAlign: 'top' };
    var teachers = day.teachers;
    return h('section', { style: { marginBottom: '40px' }, 'data-testid': 'day-summary' },
      h('h2', { style: { fontSize: '24px', marginBottom: '4px' } }, day.title),
      h('p', { style: Object.assign({ marginBottom: '16px' }, muted) }, day.date),
      day.notice && h('p', { style: { background: '#F6F7FB', padding: '12px 16px', borderRadius: '4px', marginBottom: '16px' }, 'data-testid': 'day-notice' }, day.notice),
      h('div', { style: { display: 'flex', flexWrap: 'wrap', gap: '12px', marginBottom: '24px' } },
        day.figures.map(function (f) { return h(Figure, { key: f.id, figure: f }); })),
      teachers.rows.length > 0 && h('div', { style: { background: '#fff', padding: '16px 24px', borderRadius: '4px', maxWidth: '900px' } },
        h('h3', { style: { fontSize: '18px', marginBottom: '8px' } }, teachers.title),
        h('table', { style: { width: '100%', borderCollapse: 'collapse' } },
          h('thead', null, h('tr', null, teachers.columns.map(function (c, i) { return h('th', { key: i, style: Object.assign({ fontWeight: 500 }, cell, muted) }, c); }))),
          h('tbody', null, teachers.rows.map(function (row, i) {
            return h('tr', { key: i, 'data-testid': 'teacher-row' },
              h('td', { style: cell }, linked(row.link, { color: '#3040D6', textDecoration: 'none' }, row.name)),
              h('td', { style: cell }, String(row.lessons)),
              h('td', { style: Object.assign({}, cell, row.missing ? { color: '#A05A00' } : { color: '#007D7F' }) }, row.missing || teachers.nothingLeft));
          })))));
  }

  function Dashboard() {
    var translation = window.AdminJS.useTranslation ? window.AdminJS.useTranslation() : null;
    var lang = (translation && translation.i18n && translation.i18n.language) || window.REDUX_STATE.locale.language || 'ru';
    var state = React.useState(null);
    var data = state[0];
    var setData = state[1];
    var root = window.REDUX_STATE.paths.rootPath;
    React.useEffect(function () {
      fetch(root + '/api/dashboard?lang=' + encodeURIComponent(lang), { credentials: 'same-origin' })
        .then(function (r) { return r.json(); }).then(setData, function () { setData({ counts: {}, days: [], labels: {} }); });
    }, [lang]);
    if (!data) return h('div', { style: { padding: '32px' }, 'data-testid': 'klassny-dashboard' }, '…');
    var labels = data.labels || {};
    var counts = data.counts || {};
    var label = function (group, id) { return (labels[group] || {})[id] || id; };
    return h('div', { style: { padding: '32px' }, 'data-testid': 'klassny-dashboard' },
      h('h1', { style: { fontSize: '28px', marginBottom: '4px' } }, labels.appName || ''),
      h('p', { style: Object.assign({ marginBottom: '32px' }, muted) }, data.school || labels.appTagline || ''),
      (data.days || []).map(function (day, i) { return h(Day, { key: i, day: day }); }),
      TILES.some(function (id) { return counts[id] !== undefined; }) && h('h3', { style: { fontSize: '18px', marginBottom: '12px' } }, labels.school),
      h('div', { style: { display: 'flex', flexWrap: 'wrap', gap: '12px', marginBottom: '32px' } },
        TILES.filter(function (id) { return counts[id] !== undefined; }).map(function (id) {
          return linked({ resource: id, query: '' }, card, [
            h('div', { key: 'v', style: { fontSize: '28px', fontWeight: 300, lineHeight: '36px' } }, String(counts[id])),
            h('div', { key: 'c', style: muted }, label('count', id)),
          ], { key: id });
        })),
      LINKS.some(listable) && h('h3', { style: { fontSize: '18px', marginBottom: '12px' } }, labels.shortcuts),
      h('ul', { style: { listStyle: 'disc', paddingLeft: '20px', lineHeight: '28px' } },
        LINKS.filter(listable).map(function (id) { return h('li', { key: id }, h('a', { href: root + '/resources/' + id, style: { color: '#3040D6' } }, label('link', id))); })
          .concat(shownPage('reports') ? [h('li', { key: 'reports' }, h('a', { href: root + '/pages/reports', style: { color: '#3040D6' }, 'data-testid': 'reports-link' }, labels.reportsLink || ''))] : [])),
      h('p', { style: Object.assign({ marginTop: '24px' }, muted) }, labels.transferHint || ''));
  }

  /* KlassnyInviteSlips («Приглашения (PDF)» of a class), KlassnyInvite («Пригласить» a person) and
     KlassnyConsent (a parent's consent registry): the routes under /data do the work and the checks. */
  var INVITE_KINDS = { Staff: 'staff', Student: 'student', Guardian: 'guardian' };
  /* A component's words in the panel's language (components.<name>.* in the locale). */
  function useWords(component) {
    var translation = window.AdminJS.useTranslation();
    return function (key, params) { return translation.translateComponent(component + '.' + key, params); };
  }
  var errorsOf = function (data, fallback) { return (data && data.errors && data.errors.length) ? data.errors : [fallback]; };
  var errorList = function (lines) {
    return h('ul', { style: { color: '#C20012', listStyle: 'disc', paddingLeft: '20px', marginTop: '16px' }, 'data-testid': 'klassny-errors' },
      lines.map(function (line, i) { return h('li', { key: i }, line); }));
  };

  function InviteSlips(props) {
    var text = useWords('KlassnyInviteSlips');
    var base = window.REDUX_STATE.paths.rootPath + '/data/invite-slips/' + props.record.id + '.pdf?who=';
    return h('div', { style: box },
      h('h3', { style: { fontSize: '18px', marginBottom: '8px' } }, text('title', { name: props.record.title || '' })),
      h('p', { style: { marginBottom: '16px', color: '#454655' } }, text('intro')),
      ['students', 'guardians', 'both'].map(function (who) { return [who, text(who)]; }).map(function (option) {
        // A form, not a link: printing issues invites, and a link may be fetched by a browser on its own.
        return h('form', { key: option[0], method: 'post', action: base + option[0], style: { display: 'inline' } },
          h('button', { type: 'submit', style: button, 'data-testid': 'slips-' + option[0] }, option[1]));
      }));
  }

  function Invite(props) {
    var text = useWords('KlassnyInvite');
    var kind = INVITE_KINDS[props.resource.id];
    var id = props.record.id;
    var root = window.REDUX_STATE.paths.rootPath + '/data';
    var state = React.useState(null);
    var result = state[0];
    var setResult = state[1];
    function issue() {
      setResult({ pending: true });
      fetch(root + '/invite/' + kind + '/' + id, { method: 'POST', credentials: 'same-origin' })
        .then(function (res) { return res.json().then(function (data) { return res.ok ? data : { errors: errorsOf(data, text('failed')) }; }); })
        .then(setResult, function () { setResult({ errors: [text('notSent')] }); });
    }
    return h('div', { style: box },
      h('h3', { style: { fontSize: '18px', marginBottom: '8px' } }, text('title', { name: props.record.title || '' })),
      h('p', { style: { marginBottom: '16px', color: '#454655' } }, text('intro')),
      h('button', { type: 'button', style: button, onClick: issue, 'data-testid': 'invite-issue' }, text(result && result.deepLink ? 'issueAgain' : 'issue')),
      result && result.pending && h('p', { style: { marginTop: '16px' } }, text('issuing')),
      result && result.errors && errorList(result.errors),
      result && result.deepLink && h('div', { style: { marginTop: '24px' }, 'data-testid': 'invite-result' },
        h('img', { src: result.qr, alt: text('qr'), width: 240, height: 240, style: { display: 'block', marginBottom: '12px' } }),
        h('p', null, h('a', { href: result.deepLink, style: { color: '#3040D6', wordBreak: 'break-all' }, 'data-testid': 'invite-link' }, result.deepLink)),
        h('p', { style: { margin: '8px 0 16px' } }, text('validUntil', { expires: result.expires, timeZone: result.timeZone })),
        h('a', { style: button, href: root + '/invite-slip/' + kind + '/' + id + '.pdf?code=' + encodeURIComponent(result.code), 'data-testid': 'invite-pdf' }, 'PDF')));
  }

  function Consent(props) {
    var text = useWords('KlassnyConsent');
    var status = function (value) { return text('status.' + value); };
    var id = props.record.id;
    var url = window.REDUX_STATE.paths.rootPath + '/data/consent/' + id;
    var state = React.useState(null);
    var data = state[0];
    var setData = state[1];
    var msg = React.useState(null);
    var load = function () {
      fetch(url, { credentials: 'same-origin' }).then(function (r) { return r.json(); })
        .then(setData, function () { setData({ errors: [text('loadFailed')] }); });
    };
    React.useEffect(load, [id]);
    function submit(event) {
      event.preventDefault();
      var form = event.target;
      if (form.status.value === 'withdrawn' && !window.confirm(text('withdrawalWarning'))) return;
      msg[1](null);
      fetch(url, {
        method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status: form.status.value, date: form.date.value, note: form.note.value }),
      }).then(function (res) { return res.json().then(function (body) { return res.ok ? body : { errors: errorsOf(body, text('saveFailed')) }; }); })
        .then(function (body) { msg[1](body); if (!body.errors) load(); }, function () { msg[1]({ errors: [text('notSent')] }); });
    }
    var today = new Date().toISOString().slice(0, 10);
    var current = data && data.current;
    return h('div', { style: box },
      h('h3', { style: { fontSize: '18px', marginBottom: '8px' } }, text('title')),
      h('p', { style: { marginBottom: '16px' }, 'data-testid': 'consent-current' },
        !data ? text('loading') : current ? text('now', { status: status(current.status), date: current.date }) : text('none')),
      data && data.errors && errorList(data.errors),
      data && data.history && data.history.length > 0 && h('table', { style: { marginBottom: '24px', borderCollapse: 'collapse' } },
        h('tbody', null, data.history.map(function (line, i) {
          return h('tr', { key: i }, h('td', { style: { padding: '4px 16px 4px 0' } }, line.date), h('td', { style: { padding: '4px 16px 4px 0' } }, status(line.status)), h('td', null, line.note || ''));
        }))),
      h('form', { onSubmit: submit },
        h('select', { name: 'status', style: { marginRight: '12px', padding: '6px' } },
          ['given', 'refused', 'withdrawn'].map(function (s) { return h('option', { key: s, value: s }, status(s)); })),
        h('input', { type: 'date', name: 'date', defaultValue: today, max: today, style: { marginRight: '12px', padding: '6px' } }),
        h('input', { type: 'text', name: 'note', placeholder: text('note'), style: { marginRight: '12px', padding: '6px' } }),
        h('button', { type: 'submit', style: button, 'data-testid': 'consent-save' }, text('save'))),
      msg[0] && (msg[0].errors ? errorList(msg[0].errors) : h('p', { style: { color: '#007D7F', marginTop: '16px' }, 'data-testid': 'consent-saved' }, withdrawalText(text, msg[0].withdrawal))));
  }

  function withdrawalText(text, w) {
    if (!w) return text('saved');
    var said = text('withdrawn', { no: w.guardian.pseudonymNo });
    if (w.studentsPseudonymised.length) said += text('childPseudonymised', { names: w.studentsPseudonymised.map(function (s) { return text('studentCode', { no: s.pseudonymNo }); }).join(', ') });
    if (w.studentsKeepingNames.length) said += text('childKeepsName');
    return said + text('withdrawalTotals', { bindings: w.bindingsEnded, invites: w.invitesRevoked });
  }

  window.AdminJS.UserComponents.KlassnyDataTransfer = DataTransfer;
  window.AdminJS.UserComponents.KlassnyInviteSlips = InviteSlips;
  window.AdminJS.UserComponents.KlassnyInvite = Invite;

  /* KlassnyPanelAccess («Доступ к панели» of a member of staff): its panel account given with a temporary
     password (the server answers with a printable page, shown once), disabled, enabled again, reset,
     removed. The routes under /data/panel-access take only the e-mail from here and check the rights. */
  function PanelAccess(props) {
    var text = useWords('KlassnyPanelAccess');
    var language = window.AdminJS.useTranslation().i18n.language;
    var ACCESS_FAILED = text('failed');
    var url = window.REDUX_STATE.paths.rootPath + '/data/panel-access/' + props.record.id;
    var state = React.useState(null);
    var data = state[0];
    var setData = state[1];
    var answer = function (res) { return res.json().then(function (body) { return res.ok ? body : { errors: errorsOf(body, ACCESS_FAILED) }; }); };
    React.useEffect(function () {
      fetch(url, { credentials: 'same-origin' }).then(answer).then(setData, function () { setData({ errors: [ACCESS_FAILED] }); });
    }, [props.record.id]);
    function act(op, question) {
      if (question && !window.confirm(question)) return;
      fetch(url + '/' + op, { method: 'POST', credentials: 'same-origin' }).then(answer)
        .then(function (body) { setData(body.errors ? Object.assign({}, data, { errors: body.errors }) : body); },
          function () { setData(Object.assign({}, data, { errors: [ACCESS_FAILED] })); });
    }
    if (!data) return h('div', { style: box }, text('loading'));
    if (!data.staff) return h('div', { style: box }, errorList(data.errors || [ACCESS_FAILED]));
    var staff = data.staff;
    var account = data.account;
    var note = { marginBottom: '16px', color: '#454655' };
    var red = Object.assign({}, button, { background: '#C20012' });
    var title = h('h3', { style: { fontSize: '18px', marginBottom: '8px' } }, text('title', { name: staff.fullName }));
    if (!account) {
      return h('div', { style: box }, title,
        h('p', { style: note }, text('noAccount')),
        h('form', { method: 'post', action: url + '/grant', 'data-testid': 'panel-access-grant' },
          h('input', { type: 'email', name: 'email', required: true, maxLength: 254, defaultValue: staff.email || '', placeholder: 'name@school.ru', style: { marginRight: '12px', padding: '6px', minWidth: '260px' } }),
          h('button', { type: 'submit', style: button }, text('grant'))),
        data.errors && errorList(data.errors));
    }
    var status = account.disabled ? 'statusDisabled' : account.mustChangePassword ? 'statusTemporary' : 'statusActive';
    return h('div', { style: box }, title,
      h('p', null, text('login', { email: account.email })),
      h('p', { 'data-testid': 'panel-access-status' }, text(status)),
      h('p', { style: note }, text('lastLogin', { at: account.lastLoginAt ? new Date(account.lastLoginAt).toLocaleString(language === 'en' ? 'en-GB' : 'ru-RU') : text('never') })),
      h('form', {
        method: 'post', action: url + '/reset', style: { display: 'inline' },
        onSubmit: function (e) { if (!window.confirm(text('confirmReset'))) e.preventDefault(); },
      }, h('button', { type: 'submit', style: button }, text('reset'))),
      account.disabled
        ? h('button', { type: 'button', style: button, onClick: function () { act('enable'); } }, text('enable'))
        : h('button', { type: 'button', style: red, onClick: function () { act('disable', text('confirmDisable')); } }, text('disable')),
      account.disabled && h('button', { type: 'button', style: red, onClick: function () { act('remove', text('confirmRemove')); } }, text('remove')),
      data.errors && errorList(data.errors));
  }
  window.AdminJS.UserComponents.KlassnyPanelAccess = PanelAccess;
  /* KlassnySubstitute (C6): who substitutes in a timetable slot's lesson on a date; /data/substitutions checks the rights. */
  function Substitute(props) {
    var text = useWords('KlassnySubstitute');
    var url = window.REDUX_STATE.paths.rootPath + '/data/substitutions/' + props.record.id;
    var state = React.useState(null);
    var data = state[0];
    var setData = state[1];
    var form = React.useState({ date: '', substituteId: '' });
    var load = function () {
      fetch(url, { credentials: 'same-origin' }).then(function (r) { return r.json(); })
        .then(setData, function () { setData({ errors: [text('loadFailed')] }); });
    };
    React.useEffect(load, [props.record.id]);
    var send = function (body) {
      fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
        .then(function (r) { return r.json(); })
        .then(setData, function () { setData({ errors: [text('saveFailed')] }); });
    };
    if (!data) return h('div', { style: box }, text('loading'));
    var slot = data.slot;
    var value = form[0];
    var setValue = function (patch) { form[1](Object.assign({}, value, patch)); };
    return h('div', { style: box },
      h('h3', { style: { fontSize: '18px', marginBottom: '8px' } }, slot ? text('slot', { subject: slot.subject, group: slot.group, weekday: text('weekday.' + slot.weekday), lesson: slot.lessonNumber, teacher: slot.teacher }) : text('title')),
      data.errors && errorList(data.errors),
      data.candidates && h('form', { 'data-testid': 'substitute-form', onSubmit: function (e) { e.preventDefault(); send({ date: value.date, substituteId: value.substituteId }); } },
        h('label', { style: { display: 'block', margin: '12px 0 4px' } }, text('date')),
        h('input', { type: 'date', required: true, value: value.date, 'data-testid': 'substitute-date', onChange: function (e) { setValue({ date: e.target.value }); } }),
        h('label', { style: { display: 'block', margin: '12px 0 4px' } }, text('substitute')),
        h('select', { required: true, value: value.substituteId, 'data-testid': 'substitute-teacher', onChange: function (e) { setValue({ substituteId: e.target.value }); } },
          h('option', { value: '' }, text('choose')),
          data.candidates.map(function (c) { return h('option', { key: c.id, value: String(c.id) }, c.name); })),
        h('div', { style: { marginTop: '16px' } }, h('button', { type: 'submit', style: button, 'data-testid': 'substitute-save' }, text('save')))),
      data.upcoming && h('div', { style: { marginTop: '24px' } },
        h('h4', { style: { fontSize: '16px', marginBottom: '8px' } }, text('upcoming')),
        data.upcoming.length === 0 ? h('p', null, text('none')) : h('ul', { 'data-testid': 'substitute-list' }, data.upcoming.map(function (u) {
          return h('li', { key: u.date, style: { marginBottom: '6px' } }, u.date.split('-').reverse().join('.') + ' — ' + u.substitute + ' ',
            h('button', { type: 'button', style: Object.assign({}, button, { background: '#C20012', padding: '2px 8px' }), onClick: function () { send({ date: u.date, substituteId: null }); } }, text('cancel')));
        }))));
  }

  window.AdminJS.UserComponents.KlassnyConsent = Consent;
  window.AdminJS.UserComponents.KlassnySubstitute = Substitute;
  /* KlassnyStatement («Выписка (PDF)» of a student, D12): a date range, the previous calendar month by
     default; the route under /data checks the rights and answers with the PDF or with the reasons why not. */
  var isoDate = function (d) { return d.getFullYear() + '-' + ('0' + (d.getMonth() + 1)).slice(-2) + '-' + ('0' + d.getDate()).slice(-2); };
  var downloadName = function (header) {
    var utf = /filename\*=UTF-8''([^;]+)/.exec(header || '');
    var plain = /filename="([^"]+)"/.exec(header || '');
    return utf ? decodeURIComponent(utf[1]) : plain ? plain[1] : 'statement.pdf';
  };
  function Statement(props) {
    var text = useWords('KlassnyStatement');
    var now = new Date();
    var range = React.useState({ from: isoDate(new Date(now.getFullYear(), now.getMonth() - 1, 1)), to: isoDate(new Date(now.getFullYear(), now.getMonth(), 0)) });
    var value = range[0];
    var state = React.useState(null);
    var result = state[0];
    var setResult = state[1];
    var url = window.REDUX_STATE.paths.rootPath + '/data/statement/' + props.record.id + '.pdf';
    var failed = text('failed');
    function download(event) {
      event.preventDefault();
      setResult({ pending: true });
      fetch(url + '?from=' + encodeURIComponent(value.from) + '&to=' + encodeURIComponent(value.to), { credentials: 'same-origin' })
        .then(function (res) {
          if (!res.ok) {
            return res.json().then(function (data) { setResult({ errors: errorsOf(data, failed) }); }, function () { setResult({ errors: [failed] }); });
          }
          return res.blob().then(function (blob) {
            var link = document.createElement('a');
            link.href = URL.createObjectURL(blob);
            link.download = downloadName(res.headers.get('content-disposition'));
            document.body.appendChild(link);
            link.click();
            link.remove();
            setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
            setResult({ done: true });
          });
        })
        .catch(function () { setResult({ errors: [text('notSent')] }); });
    }
    var setValue = function (patch) { range[1](Object.assign({}, value, patch)); };
    var input = { marginRight: '12px', padding: '6px' };
    return h('div', { style: box },
      h('h3', { style: { fontSize: '18px', marginBottom: '8px' } }, text('title', { name: props.record.title || '' })),
      h('p', { style: { marginBottom: '16px', color: '#454655' } }, text('intro')),
      h('form', { onSubmit: download, 'data-testid': 'statement-form' },
        h('label', { style: { marginRight: '8px' } }, text('from')),
        h('input', { type: 'date', required: true, value: value.from, style: input, 'data-testid': 'statement-from', onChange: function (e) { setValue({ from: e.target.value }); } }),
        h('label', { style: { marginRight: '8px' } }, text('to')),
        h('input', { type: 'date', required: true, value: value.to, style: input, 'data-testid': 'statement-to', onChange: function (e) { setValue({ to: e.target.value }); } }),
        h('button', { type: 'submit', style: button, 'data-testid': 'statement-download' }, text('download'))),
      result && result.pending && h('p', { style: { marginTop: '16px' } }, text('making')),
      result && result.done && h('p', { style: { marginTop: '16px', color: '#007D7F' } }, text('done')),
      result && result.errors && errorList(result.errors));
  }

  /* SidebarPages (AdminJS's own, overridden): of our pages, only those the server says this person may open
     (window.KLASSNY_PAGES, written into the page by panel-script.ts); the routes behind them check again. */
  function shownPage(name) {
    return !Array.isArray(window.KLASSNY_PAGES) || window.KLASSNY_PAGES.indexOf(name) >= 0;
  }
  function SidebarPages(props) {
    return h(props.OriginalComponent, Object.assign({}, props, { pages: (props.pages || []).filter(function (page) { return shownPage(page.name); }) }));
  }
  window.AdminJS.UserComponents.SidebarPages = SidebarPages;

  /* KlassnyPersonData («Данные о человеке (152-ФЗ)»): everything held about the person as PDF and JSON, for a
     request under 152-ФЗ art. 14; the route under /data checks the rights (administrator, director) and audits. */
  var PERSON_KINDS = { Staff: 'staff', Student: 'student', Guardian: 'guardian' };
  function PersonData(props) {
    var text = useWords('KlassnyPersonData');
    var base = window.REDUX_STATE.paths.rootPath + '/data/person-data/' + PERSON_KINDS[props.resource.id] + '/' + props.record.id;
    return h('div', { style: box },
      h('h3', { style: { fontSize: '18px', marginBottom: '8px' } }, text('title', { name: props.record.title || '' })),
      h('p', { style: { marginBottom: '16px', color: '#454655' } }, text('intro')),
      h('a', { style: button, href: base + '.pdf', 'data-testid': 'person-data-pdf' }, 'PDF'),
      h('a', { style: button, href: base + '.json', 'data-testid': 'person-data-json' }, 'JSON'));
  }
  window.AdminJS.UserComponents.KlassnyPersonData = PersonData;
  window.AdminJS.UserComponents.KlassnyStatement = Statement;
  window.AdminJS.UserComponents.KlassnyDashboard = Dashboard;
  // AdminJS draws its own welcome page until it sees the dashboard component; as its route, ours is drawn at once.
  window.AdminJS.UserComponents.DashboardRoute = Dashboard;
})();
