// The shell's small behaviours. No inline scripts anywhere: the CSP allows only our files.
(function () {
  "use strict";

  // A skip link moves focus into <main>, so keyboard users land on the content.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.skip-link");
    if (!link) return;
    var main = document.getElementById("main");
    if (main) main.focus();
  });

  // Forms marked data-confirm ask before submitting (e.g. cancelling a booking); the
  // message is rendered translated by the server.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // Selects marked data-autosubmit submit their form when changed (filters, pickers).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("select[data-autosubmit]") && target.form) {
      target.form.requestSubmit ? target.form.requestSubmit() : target.form.submit();
    }
  });
})();
