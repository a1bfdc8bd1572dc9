// Printable permit: the browser prints it or saves it as PDF.
(function () {
  "use strict";
  var button = document.getElementById("print-permit");
  if (button) { button.addEventListener("click", function () { window.print(); }); }
}());
