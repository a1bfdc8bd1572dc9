// Adds a companion form to the order formset (Django's __prefix__ empty form), up to the max.
(function () {
  "use strict";
  var button = document.getElementById("add-companion");
  var template = document.getElementById("companion-template");
  var container = document.getElementById("companion-forms");
  var total = document.getElementById("id_companions-TOTAL_FORMS");
  var max = document.getElementById("id_companions-MAX_NUM_FORMS");
  if (!button || !template || !container || !total) {
    return;
  }
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    if (max && index >= parseInt(max.value, 10)) {
      button.disabled = true;
      return;
    }
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    container.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
  });
})();
