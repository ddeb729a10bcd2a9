// The upload form: the udvalg list shows only the chosen kommune's committees.
// The full list stays in the page, so without this script every committee is offered.
"use strict";
(function () {
  const municipality = document.getElementById("id_municipality");
  const list = document.getElementById("committee-names");
  if (!municipality || !list) {
    return;
  }
  const all = Array.from(list.options).map(function (option) {
    return option.cloneNode(true);
  });
  function folded(text) {
    return text.trim().toLocaleLowerCase("da");
  }
  function filter() {
    const typed = folded(municipality.value);
    list.replaceChildren.apply(
      list,
      all
        .filter(function (option) {
          const name = folded(option.dataset.municipality);
          return typed === "" || name === typed || name.startsWith(typed + " ") || name.startsWith(typed + "s ");
        })
        .map(function (option) {
          return option.cloneNode(true);
        })
    );
  }
  municipality.addEventListener("input", filter);
  municipality.addEventListener("change", filter);
  filter();
})();
