// Keyboard triage on the triage and document pages (no build step, no dependencies).
// j/k move the cursor over the claims, x ticks the current one, s selects and d dismisses
// the ticked claims (the current one when none is ticked) through the page's bulk form,
// o opens the current claim. Keys typed into a field are left alone; Esc leaves the field.
(function () {
  "use strict";
  // The pages are boosted by htmx (hx-boost on <body>): a form's answer replaces the body
  // and htmx runs this script again. The listeners below sit on the document and read the
  // page when a key is pressed, so they are added once.
  if (window.factcheckTriageKeys) return;
  window.factcheckTriageKeys = true;

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-keyboard-list] > li"));
  }

  function current() {
    return document.querySelector("[data-keyboard-list] > li.current");
  }

  function moveTo(row) {
    var before = current();
    if (before) before.classList.remove("current");
    if (!row) return;
    row.classList.add("current");
    row.scrollIntoView({ block: "nearest" });
    var link = row.querySelector(".claim-link");
    if (link) link.focus({ preventScroll: true });
  }

  function step(delta) {
    var all = rows();
    if (!all.length) return;
    var index = all.indexOf(current());
    var next = index < 0 ? 0 : Math.min(all.length - 1, Math.max(0, index + delta));
    moveTo(all[next]);
  }

  function ticks() {
    return Array.prototype.slice.call(
      document.querySelectorAll('input[type=checkbox][form="bulk-form"]')
    );
  }

  function showCount() {
    var count = ticks().filter(function (box) { return box.checked; }).length;
    var label = document.querySelector("#bulk-form .ticked-count");
    if (label) label.textContent = count ? "(" + count + " ticked)" : "";
  }

  function tickCurrent(onlyIfNoneTicked) {
    var row = current();
    if (!row) return;
    if (onlyIfNoneTicked && ticks().some(function (box) { return box.checked; })) return;
    var box = row.querySelector('input[type=checkbox]');
    if (box) box.checked = onlyIfNoneTicked ? true : !box.checked;
    showCount();
  }

  function bulk(action) {
    var form = document.getElementById("bulk-form");
    if (!form) return;
    tickCurrent(true);
    if (!ticks().some(function (box) { return box.checked; })) return;
    form.elements.action.value = action;
    if (action === "dismiss") {
      // A dismissal needs a note: the user writes it and presses Enter.
      form.elements.assignee.value = "";
      form.elements.note.focus();
      return;
    }
    form.requestSubmit();
  }

  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable]") !== null;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target)) {
      if (event.key === "Escape") event.target.blur();
      // Enter in the bulk note sends the form (Shift+Enter for a new line).
      if (event.key === "Enter" && !event.shiftKey && event.target.name === "note" &&
          event.target.form && event.target.form.id === "bulk-form") {
        event.preventDefault();
        event.target.form.requestSubmit();
      }
      return;
    }
    var actions = {
      j: function () { step(1); },
      k: function () { step(-1); },
      x: function () { tickCurrent(false); },
      s: function () { bulk("select"); },
      d: function () { bulk("dismiss"); },
      o: function () {
        var link = current() && current().querySelector(".claim-link");
        if (link) link.click();
      },
    };
    var act = actions[event.key];
    if (!act) return;
    event.preventDefault();
    act();
  });

  document.addEventListener("change", function (event) {
    if (event.target.matches('input[type=checkbox][form="bulk-form"]')) showCount();
  });
  document.addEventListener("DOMContentLoaded", showCount);
  document.addEventListener("htmx:afterSettle", showCount);
})();
