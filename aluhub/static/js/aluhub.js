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

  // Phone menu (disclosure): the button ships hidden and the navigation open, so without this
  // file nothing is folded away. The CSS folds the navigation only below 48rem.
  var toggle = document.querySelector(".menu-toggle[aria-controls]");
  var menu = toggle ? document.getElementById(toggle.getAttribute("aria-controls")) : null;
  function setMenu(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("is-collapsed", !open);
  }
  if (toggle && menu) {
    toggle.hidden = false;
    setMenu(false);
    toggle.addEventListener("click", function () {
      setMenu(toggle.getAttribute("aria-expanded") !== "true");
    });
    // Escape closes the open menu and gives focus back to its button.
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || toggle.getAttribute("aria-expanded") !== "true") { return; }
      if (toggle.offsetParent === null) { return; }  // wide screen: no button, nothing to close
      if (event.target === toggle || menu.contains(event.target)) {
        setMenu(false);
        toggle.focus();
      }
    });
  }

  // Filter panels (details[data-fold-on-phone]) ship open: without this file, and on a wide
  // screen, the filters show. On a phone they fold behind their summary ("Filters (2)") so the
  // first result shows without scrolling; a live update keeps each panel as the user left it.
  var filtersOpen = {};
  function eachFilterPanel(fn) {
    Array.prototype.forEach.call(document.querySelectorAll("details[data-fold-on-phone]"), fn);
  }
  if (window.matchMedia && window.matchMedia("(max-width: 48rem)").matches) {
    // A panel holding a field error stays open: the error must be seen.
    eachFilterPanel(function (panel) {
      if (!panel.querySelector("[aria-invalid='true'], .errorlist")) { panel.open = false; }
    });
  }
  // The summary's count follows the fields as they change (the server counts the same way:
  // each non-empty value of a field inside the panel), also where a live update re-renders
  // only the results.
  function activeCount(panel) {
    var n = 0;
    Array.prototype.forEach.call(panel.querySelectorAll("input[name], select[name]"), function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked && el.value.trim()) { n += 1; }
      } else if (el.tagName === "SELECT") {
        Array.prototype.forEach.call(el.selectedOptions, function (o) { if (o.value.trim()) { n += 1; } });
      } else if (el.type !== "hidden" && el.type !== "submit" && el.value.trim()) { n += 1; }
    });
    return n;
  }
  function recount(event) {
    var panel = event.target && event.target.closest
      ? event.target.closest("details[data-fold-on-phone]") : null;
    var summary = panel ? panel.querySelector("summary") : null;
    if (summary) { summary.textContent = summary.textContent.replace(/\(\d+\)/, "(" + activeCount(panel) + ")"); }
  }
  document.addEventListener("change", recount);
  document.addEventListener("input", recount);
  document.addEventListener("htmx:beforeSwap", function () {
    eachFilterPanel(function (panel) { if (panel.id) { filtersOpen[panel.id] = panel.open; } });
  });
  document.addEventListener("htmx:afterSwap", function () {
    eachFilterPanel(function (panel) {
      if (panel.id in filtersOpen) { panel.open = filtersOpen[panel.id]; }
    });
  });

  // Live results: a live filter swaps in new results with their count, a row's form its
  // "Saved" (data-announce). A live region swapped in already holding its text is not read by
  // screen readers, so the text is written into the page's one live region (base.html), which
  // stays in place, emptied first so the same count twice is read again.
  document.addEventListener("htmx:afterSettle", function (event) {
    var status = document.getElementById("live-status");
    var swapped = event.target;
    var count = swapped && swapped.querySelector
      ? (swapped.matches("[data-announce]") ? swapped : swapped.querySelector("[data-announce]"))
      : null;
    if (!status || !count) { return; }
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = count.textContent.replace(/\s+/g, " ").trim();
    }, 100);
  });

  // Error summary (templates/common/_form.html): after a failed submit, focus goes to the
  // summary so it is read first; its links move focus to the field (a plain anchor would only
  // scroll) and show the field's label or legend, not just the input.
  function focusErrorSummary(root) {
    var summary = root.querySelector ? root.querySelector("[data-error-summary]") : null;
    if (summary) { summary.focus(); }
  }
  focusErrorSummary(document);
  document.addEventListener("htmx:afterSwap", function (event) {
    // Only after a submitted form (POST), never while a live filter re-renders results.
    var config = event.detail && event.detail.requestConfig;
    if (config && config.verb === "post" && event.detail.target) {
      focusErrorSummary(event.detail.target);
    }
  });
  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest
      ? event.target.closest("[data-error-summary] a[href^='#']") : null;
    if (!link) { return; }
    var field = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!field) { return; }
    event.preventDefault();
    var group = field.closest("fieldset.field-group");
    var caption = group ? group.querySelector("legend")
      : document.querySelector("label[for='" + CSS.escape(field.id) + "']");
    (caption || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
})();
