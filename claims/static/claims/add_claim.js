// Selecting text in the document fills the "add a claim" form with the selection's
// character offsets into the document's text (Unicode code points, as the server counts).
// Typing in the box instead clears them: the server then finds the text in the document.
(function () {
  if (window.factcheckAddClaim) return; // hx-boost runs this script again on each visit
  window.factcheckAddClaim = true;
  var points = function (text) { return Array.from(text).length; };
  document.addEventListener("mouseup", function () {
    var article = document.querySelector(".doc-text");
    var form = document.querySelector("[data-add-claim]");
    var selection = window.getSelection();
    if (!article || !form || !selection || selection.isCollapsed || !selection.rangeCount) return;
    var range = selection.getRangeAt(0);
    if (!article.contains(range.startContainer) || !article.contains(range.endContainer)) return;
    var before = document.createRange();
    before.setStart(article, 0);
    before.setEnd(range.startContainer, range.startOffset);
    var start = points(before.toString());
    var chosen = range.toString();
    form.querySelector("[data-add-start]").value = start;
    form.querySelector("[data-add-end]").value = start + points(chosen);
    form.querySelector("[data-add-text]").value = chosen;
  });
  document.addEventListener("input", function (event) {
    if (!event.target.matches("[data-add-text]")) return;
    var form = event.target.form;
    form.querySelector("[data-add-start]").value = "";
    form.querySelector("[data-add-end]").value = "";
  });
})();
