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

  // No confirm() dialogs: a destructive action asks on a page of its own
  // (templates/confirm.html), which works without this file.

  // The maintenance banner's close button: post the dismissal in the background and remove
  // the banner; should the post fail, the form submits as it does without a script.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-dismiss-banner")) return;
    event.preventDefault();
    fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: {"X-Requested-With": "fetch"}
    }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      var banner = form.closest(".portal-maintenance-banner");
      if (banner) banner.remove();
      var main = document.getElementById("main");
      if (main) main.focus();
    }).catch(function () { form.submit(); });
  });

  // Selects marked data-autosubmit submit their form when changed (filters, pickers).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("select[data-autosubmit]") && target.form) {
      target.form.requestSubmit ? target.form.requestSubmit() : target.form.submit();
    }
  });
})();
