// The item page's "Kopiér link" button. Without JavaScript the button stays
// hidden and the read-only field can be selected and copied by hand.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.parentNode.querySelector(".permalink__status");
    if (!field) { return; }
    button.hidden = false;
    field.addEventListener("focus", function () { field.select(); });
    button.addEventListener("click", function () {
      function done() { if (status) { status.textContent = "Linket er kopieret."; } }
      function fallback() {
        field.select();
        try { document.execCommand("copy"); done(); } catch (e) {
          if (status) { status.textContent = "Markér linket og kopiér det."; }
        }
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, fallback);
      } else {
        fallback();
      }
    });
  });
})();
