/* Klassny: AdminJS's notices on top of the page. A newer notice replaces the ones before it (an error
   of a failed save must not stand beside «Запись создана» once the record is saved), and a success
   notice goes by itself after a few seconds (AdminJS's own timer never gets there); errors stay until
   closed or replaced. */
(function () {
  var h = React.createElement;
  var SUCCESS_SHOWN_MS = 5000;

  function NoticeBox(props) {
    var notices = ReactRedux.useSelector(function (state) { return state.notices; });
    var dispatch = ReactRedux.useDispatch();
    var drop = function (notice) { dispatch({ type: 'DROP_NOTICE', data: { noticeId: notice.id } }); };
    var latest = notices[notices.length - 1];
    React.useEffect(function () {
      notices.slice(0, -1).forEach(drop);
      if (!latest || latest.type !== 'success') return undefined;
      var timer = window.setTimeout(function () { drop(latest); }, SUCCESS_SHOWN_MS);
      return function () { window.clearTimeout(timer); };
    }, [latest && latest.id]);
    return h(props.OriginalComponent, props);
  }

  window.AdminJS.UserComponents.NoticeBox = NoticeBox;
})();
