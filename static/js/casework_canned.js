// The canned reply chooser of a case's admin page (casework.admin): choosing a reply puts
// its text (rendered by the server into <template data-canned>) into the chosen reply form
// at once. Without script the chooser's "Use this reply" button does the same by a GET.
(function () {
  "use strict";
  const chooser = document.getElementById("casework-canned");
  if (!chooser) {
    return;
  }
  const select = chooser.querySelector("select[name=canned]");
  const into = chooser.querySelector("select[name=into]");
  function fill() {
    const template = chooser.querySelector('template[data-canned="' + select.value + '"]');
    const target = document.getElementById("id_" + into.value + "-note");
    if (template && target) {
      target.value = template.content.textContent;
      target.focus();
    }
  }
  select.addEventListener("change", fill);
  into.addEventListener("change", fill);
}());
