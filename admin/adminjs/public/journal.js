/* KlassnyJournal: the panel's «Журнал» page. The server renders the choice of class, subject and period and the
   chosen journal (/data/journal/view, which checks the reader's rights on every request); this draws that HTML
   inside the panel and follows its links without reloading the panel. «Печать» links are plain downloads. */
(function () {
  var h = React.createElement;

  function Journal() {
    // The panel's language, as its selector sets it: the server writes the journal and its print in it.
    var translation = window.AdminJS.useTranslation();
    var language = translation.i18n.language;
    var text = function (key) { return translation.translateComponent('KlassnyJournal.' + key); };
    var root = window.REDUX_STATE.paths.rootPath;
    var searchState = React.useState(location.search);
    var search = searchState[0];
    var setSearch = searchState[1];
    var viewState = React.useState({ pending: true });
    var view = viewState[0];
    var setView = viewState[1];

    React.useEffect(function () {
      var onPop = function () { setSearch(location.search); };
      window.addEventListener('popstate', onPop);
      return function () { window.removeEventListener('popstate', onPop); };
    }, []);

    React.useEffect(function () {
      var cancelled = false;
      var failed = { errors: [text('failed')] };
      setView(function (old) { return Object.assign({}, old, { pending: true }); });
      var url = root + '/data/journal/view' + (search ? search + '&' : '?') + 'lang=' + encodeURIComponent(language);
      fetch(url, { credentials: 'same-origin' })
        .then(function (res) {
          if (res.ok) return res.text().then(function (html) { return { html: html }; });
          return res.json().then(function (data) { return data && data.errors && data.errors.length ? { errors: data.errors } : failed; }, function () { return failed; });
        })
        .then(function (next) { if (!cancelled) setView(next); }, function () { if (!cancelled) setView(failed); });
      return function () { cancelled = true; };
    }, [search, language]);

    function follow(event) {
      var link = event.target.closest ? event.target.closest('a[data-nav]') : null;
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      history.pushState(history.state, '', link.getAttribute('href'));
      setSearch(location.search);
    }

    if (view.errors) {
      return h('div', { style: { padding: '32px' } },
        h('ul', { style: { color: '#C20012', listStyle: 'disc', paddingLeft: '20px' }, 'data-testid': 'journal-errors' },
          view.errors.map(function (line, i) { return h('li', { key: i }, line); })));
    }
    if (!view.html) return h('div', { style: { padding: '32px' } }, text('loading'));
    return h('div', { onClick: follow, style: { opacity: view.pending ? 0.6 : 1 }, dangerouslySetInnerHTML: { __html: view.html } });
  }

  window.AdminJS.UserComponents.KlassnyJournal = Journal;

  // As in panel.js: if the page was drawn before this component was registered, a same-place navigation
  // makes the router draw it again, with the component.
  if (/\/pages\/journal\/?$/.test(location.pathname)) {
    history.replaceState(history.state, '', location.href);
    window.dispatchEvent(new PopStateEvent('popstate', { state: history.state }));
  }
})();
