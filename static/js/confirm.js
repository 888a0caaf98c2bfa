// Irreversible actions: the link to the confirmation page opens the same form in a dialog.
// Without JavaScript (or without <dialog>) the link leads to the confirmation page itself.
(function () {
  "use strict";
  if (typeof HTMLDialogElement !== "function") return;
  document.querySelectorAll("a[data-confirm-dialog]").forEach(function (link) {
    var dialog = document.getElementById(link.getAttribute("data-confirm-dialog"));
    if (!dialog) return;
    var cancel = dialog.querySelector("[data-close-dialog]");
    if (cancel) {
      cancel.hidden = false;
      cancel.addEventListener("click", function () { dialog.close(); link.focus(); });
    }
    link.addEventListener("click", function (event) {
      event.preventDefault();
      dialog.showModal();
      var first = dialog.querySelector("input, textarea");
      if (first) first.focus();
    });
  });
})();
