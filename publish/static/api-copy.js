// The API page: a button beside each example's curl line copies it. Without scripts (or without
// a clipboard) the line is still there to select; the button is only added where it can work.
(function () {
  "use strict";

  function addButton(code, label, copied) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = label;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(code.textContent).then(function () {
        button.textContent = copied;
      });
    });
    code.parentNode.insertAdjacentElement("afterend", button);
  }

  var list = document.querySelector("[data-copy-label]");
  if (!list || !navigator.clipboard) {
    return;
  }
  document.querySelectorAll("code.curl").forEach(function (code) {
    addButton(code, list.dataset.copyLabel, list.dataset.copiedLabel);
  });
})();
