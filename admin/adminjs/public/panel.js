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

  window.AdminJS.UserComponents.KlassnyDataTransfer = DataTransfer;
})();
