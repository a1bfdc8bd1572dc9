// The hall screen: polls the centre's JSON board and redraws the list of calls.
(function () {
  "use strict";
  var root = document.getElementById("centre-display");
  if (!root) { return; }
  var list = document.getElementById("display-calls");
  var waiting = document.getElementById("display-waiting");
  var url = root.getAttribute("data-url");
  var counterWord = root.getAttribute("data-counter-word");
  var interval = parseInt(root.getAttribute("data-interval"), 10) || 3000;
  var lastTop = null;

  function row(call, index) {
    var item = document.createElement("li");
    item.className = "list-group-item d-flex justify-content-between align-items-center fs-2" +
      (index === 0 ? " active" : "");
    var number = document.createElement("span");
    number.className = "fw-bold display-number";
    number.dir = "ltr";
    number.textContent = call.number;
    var counter = document.createElement("span");
    counter.textContent = counterWord + " " + call.counter;
    item.appendChild(number);
    item.appendChild(counter);
    return item;
  }

  function draw(board) {
    list.replaceChildren.apply(list, board.called.map(row));
    waiting.textContent = board.waiting;
    var top = board.called.length ? board.called[0].number + board.called[0].called_at : null;
    if (top !== lastTop) { root.setAttribute("data-top", board.called.length ? board.called[0].number : ""); }
    lastTop = top;
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (board) { if (board) { draw(board); } })
      .catch(function () { /* the next poll tries again */ })
      .finally(function () { window.setTimeout(poll, interval); });
  }
  poll();
})();
