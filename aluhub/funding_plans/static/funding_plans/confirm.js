// Financing: a delete form whose button carries data-confirm was confirmed in the browser
// (aluhub.js asks on click); mark it so the server deletes at once. Without JavaScript the
// field stays empty and the server shows its confirmation page instead.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.querySelector) { return; }
    var field = form.querySelector("input[data-confirmed]");
    if (field && form.querySelector("[data-confirm]")) { field.value = "1"; }
  });
})();
