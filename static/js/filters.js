// The list pages' filters sit in a <details> that is folded on phones ("Filtrér")
// and open beside the results on wider screens. The stylesheet keeps them open
// there in browsers that can style ::details-content; this opens them in the rest.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 56rem)");
  function follow() {
    document.querySelectorAll("details.list-side").forEach(function (details) {
      if (wide.matches) { details.open = true; }
    });
  }
  follow();
  if (wide.addEventListener) { wide.addEventListener("change", follow); }
})();
