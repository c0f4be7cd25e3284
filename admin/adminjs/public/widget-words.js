/* Klassny: the words of the design system's widgets in the panel's language — every select (forms,
   filters, yes/no) and every date field. AdminJS's selects are react-select's, which says «Select...»,
   «No options» and «Loading...» in English whatever the language, and its date fields hint «YYYY/MM/DD»;
   AdminJS passes no words of its own. This script runs between the design system's bundle and AdminJS's
   app bundle, which takes the design system as it finds it then: it gets a copy whose Select, SelectAsync
   and DatePicker come with translated words (components.Select.* and components.DatePicker.* in the locale),
   and whose Input leaves required fields to the server. */
(function () {
  var original = window.AdminJSDesignSystem;
  var h = React.createElement;

  function say(key) {
    return window.AdminJS.useTranslation().translateComponent(key);
  }

  function worded(Widget, words) {
    var Worded = function (props) { return h(Widget, Object.assign(words(props), props)); };
    Worded.displayName = Widget.displayName || Widget.name;
    return Worded;
  }

  function selectWords() {
    var placeholder = say('Select.placeholder');
    var none = say('Select.noOptions');
    var loading = say('Select.loading');
    return { placeholder: placeholder, noOptionsMessage: function () { return none; }, loadingMessage: function () { return loading; } };
  }

  function dateWords(props) {
    return { placeholderText: say(props.propertyType === 'datetime' ? 'DatePicker.datetime' : 'DatePicker.date') };
  }

  /* A required text field is marked «*» and judged by the server with every other field in one round; the
     browser's own check would stop the form at the first empty field, in the browser's language, first. */
  function Input(props) {
    return h(original.Input, Object.assign({}, props, { required: undefined, 'aria-required': props.required || undefined }));
  }

  window.AdminJSDesignSystem = Object.assign({}, original, {
    Input: Input,
    Select: worded(original.Select, selectWords),
    SelectAsync: worded(original.SelectAsync, selectWords),
    DatePicker: worded(original.DatePicker, dateWords),
  });
})();
