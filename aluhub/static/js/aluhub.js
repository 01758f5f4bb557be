// AluHub: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // Elements with data-autosubmit submit their form on change (filters); the form still has a
  // submit button for keyboard and no-JS users.
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.closest) {
      var form = target.closest("form[data-autosubmit]");
      if (form && form.requestSubmit) { form.requestSubmit(); }
    }
  });
  // Buttons with data-confirm ask before submitting a destructive action.
  document.addEventListener("click", function (event) {
    var el = event.target && event.target.closest ? event.target.closest("[data-confirm]") : null;
    if (el && !window.confirm(el.getAttribute("data-confirm"))) { event.preventDefault(); }
  });
})();
