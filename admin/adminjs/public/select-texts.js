/* Klassny: the words of every select in the panel (forms, filters, yes/no) in the panel's language.
   AdminJS's selects are react-select's, which says «Select...», «No options» and «Loading...» in English
   whatever the language, and AdminJS passes no words of its own. This script runs between the design
   system's bundle and AdminJS's app bundle, which takes the design system as it finds it then: it gets a
   copy whose Select and SelectAsync come with translated words (components.Select.* in the locale). */
(function () {
  var original = window.AdminJSDesignSystem;
  var h = React.createElement;

  function words() {
    var translate = window.AdminJS.useTranslation().translateComponent;
    var say = function (key) { return translate('Select.' + key); };
    return {
      placeholder: say('placeholder'),
      noOptionsMessage: function () { return say('noOptions'); },
      loadingMessage: function () { return say('loading'); },
    };
  }

  function worded(Select) {
    var Worded = function (props) { return h(Select, Object.assign(words(), props)); };
    Worded.displayName = Select.displayName || 'Select';
    return Worded;
  }

  window.AdminJSDesignSystem = Object.assign({}, original, { Select: worded(original.Select), SelectAsync: worded(original.SelectAsync) });
})();
