// Booking form and waiting-list join: add companion rows from the <template>, and submit
// only once.
(function () {
  "use strict";
  var form = document.getElementById("booking-form") || document.getElementById("waitlist-form");
  if (!form) { return; }
  var rows = document.getElementById("companions");
  var template = document.getElementById("companion-template");
  var total = form.querySelector("input[name='companions-TOTAL_FORMS']");
  var add = document.getElementById("add-companion");
  var max = parseInt(rows.getAttribute("data-max"), 10) || 0;

  function refresh() {
    if (add) { add.disabled = parseInt(total.value, 10) >= max; }
  }
  if (add) {
    add.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      if (index >= max) { return; }
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      refresh();
    });
  }
  refresh();
  // The idempotency key (or the one live entry per slot) makes a second submit harmless;
  // this just spares the round trip.
  form.addEventListener("submit", function () {
    var button = form.querySelector("button[type='submit']");
    window.setTimeout(function () { button.disabled = true; }, 0);
  });
}());
