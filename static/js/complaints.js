// File-a-complaint form: the contract only matters for complaints about a provider.
(function () {
  "use strict";
  var form = document.getElementById("complaint-form");
  if (!form) { return; }
  var contract = document.getElementById("complaint-contract");
  function sync() {
    var chosen = form.querySelector("input[name='about']:checked");
    contract.hidden = chosen !== null && chosen.value === "portal";
  }
  form.addEventListener("change", sync);
  sync();
}());
