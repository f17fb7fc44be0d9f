// Preview: clicking inside an item's text in the split form records the cursor position as the cut point.
(function () {
  "use strict";
  function remember(event) {
    var source = event.target.closest("textarea[data-split-target]");
    if (!source) return;
    var hidden = document.getElementById(source.dataset.splitTarget);
    if (hidden) hidden.value = source.selectionStart || "";
  }
  ["click", "keyup", "select"].forEach(function (name) { document.addEventListener(name, remember); });
})();
