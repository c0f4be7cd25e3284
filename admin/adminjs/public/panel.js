/* Klassny panel additions, plain browser JavaScript on AdminJS's global React (no bundling needed).
   KlassnyDataTransfer: the "Выгрузка и загрузка" action of a list — download the list as XLSX or CSV,
   and, where the list can be imported, upload a file; a file with errors is refused whole and every
   bad line is listed. */
(function () {
  var h = React.createElement;
  var IMPORTS = { Staff: 'staff', Student: 'students', Subject: 'subjects', TimetableSlot: 'timetable', ThematicPlanTopic: 'plans' };
  var box = { background: '#fff', padding: '24px', borderRadius: '4px', maxWidth: '760px' };
  var button = { display: 'inline-block', marginRight: '12px', padding: '8px 16px', background: '#3040D6', color: '#fff', borderRadius: '4px', textDecoration: 'none', border: 0, cursor: 'pointer', fontSize: '14px' };

  function DataTransfer(props) {
    var resourceId = props.resource.id;
    var importKind = IMPORTS[resourceId];
    var state = React.useState(null);
    var result = state[0];
    var setResult = state[1];
    var base = window.REDUX_STATE.paths.rootPath + '/data';

    function upload(event) {
      event.preventDefault();
      var input = event.target.querySelector('input[type=file]');
      if (!input.files.length) return;
      var form = new FormData();
      form.append('file', input.files[0]);
      setResult({ pending: true });
      fetch(base + '/import/' + importKind, { method: 'POST', body: form, credentials: 'same-origin' })
        .then(function (res) { return res.json(); })
        .then(function (data) {
          setResult(data.imported !== undefined || data.errors ? data : { errors: ['Не удалось загрузить файл. Попробуйте ещё раз.'] });
        }, function () { setResult({ errors: ['Не удалось отправить файл. Попробуйте ещё раз.'] }); });
    }

    return h('div', { style: box },
      h('h3', { style: { fontSize: '18px', marginBottom: '16px' } }, 'Выгрузить список'),
      h('a', { style: button, href: base + '/export/' + resourceId + '.xlsx', 'data-testid': 'export-xlsx' }, 'Excel (XLSX)'),
      h('a', { style: button, href: base + '/export/' + resourceId + '.csv', 'data-testid': 'export-csv' }, 'CSV'),
      importKind && h('form', { onSubmit: upload, style: { marginTop: '32px' } },
        h('h3', { style: { fontSize: '18px', marginBottom: '8px' } }, 'Загрузить из файла'),
        h('p', { style: { marginBottom: '12px', color: '#454655' } },
          'Файл CSV или XLSX с заголовками, как в образцах (samples/import). Если в файле есть ошибки, не сохраняется ничего, а ниже перечисляются все ошибочные строки.'),
        h('input', { type: 'file', name: 'file', accept: '.csv,.xlsx', style: { marginRight: '12px' } }),
        h('button', { type: 'submit', style: button }, 'Загрузить')),
      result && h('div', { style: { marginTop: '24px' }, 'data-testid': 'import-result' },
        result.pending ? 'Загрузка…'
          : result.imported !== undefined ? h('p', { style: { color: '#007D7F' } }, 'Загружено записей: ' + result.imported)
          : h('ul', { style: { color: '#C20012', listStyle: 'disc', paddingLeft: '20px' } },
              (result.errors || []).map(function (line, i) { return h('li', { key: i }, line); }))));
  }

  var TILES = [
    ['Student', 'Ученики', 'Люди'], ['Guardian', 'Родители', 'Люди'], ['Staff', 'Сотрудники', 'Люди'],
    ['Group', 'Классы и группы', 'Люди'], ['TimetableSlot', 'Уроков в расписании', 'Расписание'],
  ];
  var LINKS = [
    ['StudentMovement', 'Движение учащихся: перевод, отчисление, академический отпуск, перевод класса'],
    ['Period', 'Учебные периоды и каникулы'], ['TeachingAssignment', 'Нагрузка учителей'],
    ['ThematicPlanTopic', 'Тематическое планирование (КТП)'], ['School', 'Настройки школы'],
  ];

  function Dashboard() {
    var state = React.useState(null);
    var data = state[0];
    var setData = state[1];
    var root = window.REDUX_STATE.paths.rootPath;
    React.useEffect(function () {
      fetch(root + '/api/dashboard', { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(setData, function () { setData({ counts: {} }); });
    }, []);
    var counts = (data && data.counts) || {};
    var listable = function (id) {
      return (window.REDUX_STATE.resources || []).some(function (r) {
        return r.id === id && (r.resourceActions || []).some(function (a) { return a.name === 'list'; });
      });
    };
    var card = { background: '#fff', padding: '20px 24px', borderRadius: '4px', minWidth: '180px', textDecoration: 'none', color: '#0C1E29', boxShadow: '0 1px 3px rgba(0,0,0,.08)' };
    return h('div', { style: { padding: '32px' }, 'data-testid': 'klassny-dashboard' },
      h('h1', { style: { fontSize: '28px', marginBottom: '4px' } }, 'Классный журнал'),
      h('p', { style: { color: '#454655', marginBottom: '24px' } }, (data && data.school) || 'Электронный журнал и дневник школы'),
      h('div', { style: { display: 'flex', flexWrap: 'wrap', gap: '16px', marginBottom: '32px' } },
        TILES.filter(function (t) { return counts[t[0]] !== undefined; }).map(function (t) {
          return h('a', { key: t[0], href: root + '/resources/' + t[0], style: card },
            h('div', { style: { fontSize: '32px', fontWeight: 300, lineHeight: '40px' } }, String(counts[t[0]])),
            h('div', { style: { color: '#454655' } }, t[1]));
        })),
      h('h3', { style: { fontSize: '18px', marginBottom: '12px' } }, 'Частые действия'),
      h('ul', { style: { listStyle: 'disc', paddingLeft: '20px', lineHeight: '28px' } },
        LINKS.filter(function (l) { return listable(l[0]); }).map(function (l) { return h('li', { key: l[0] }, h('a', { href: root + '/resources/' + l[0], style: { color: '#3040D6' } }, l[1])); })),
      h('p', { style: { marginTop: '24px', color: '#454655' } },
        'Списки выгружаются в Excel и CSV и загружаются из файлов кнопкой «Выгрузка и загрузка» на странице списка.'));
  }

  window.AdminJS.UserComponents.KlassnyDataTransfer = DataTransfer;
  window.AdminJS.UserComponents.KlassnyDashboard = Dashboard;

  // This script runs after AdminJS has started rendering; if the home page was drawn before our
  // dashboard was registered, a same-place navigation makes the router draw it again with ours.
  var root = window.REDUX_STATE.paths.rootPath;
  if (location.pathname.replace(/\/$/, '') === root) {
    history.replaceState(history.state, '', location.href);
    window.dispatchEvent(new PopStateEvent('popstate', { state: history.state }));
  }
})();
