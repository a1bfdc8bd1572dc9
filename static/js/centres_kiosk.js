// The kiosk has one mobile field for every service: copy it into the form being sent.
(function () {
  "use strict";
  var source = document.getElementById("kiosk-mobile");
  if (!source) { return; }
  document.querySelectorAll(".kiosk-form").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelector(".kiosk-mobile-copy").value = source.value;
    });
  });
})();
