// The waiting room's page: polls the queue's JSON and updates the place, the wait and the
// seats left; a change of state (admitted, sold out, expired) reloads the page, which says
// what to do next. The page's meta refresh (for browsers without script) still reloads it
// at the interval the queue asked for, in whole seconds; the script polls when the queue
// says, to the millisecond.
(function () {
  "use strict";
  var root = document.getElementById("queue");
  if (!root) { return; }
  var url = root.getAttribute("data-poll-url");
  var state = root.getAttribute("data-state");
  if (state !== "prequeue" && state !== "waiting") { return; }

  function show(answer) {
    ["position", "estimated_wait_s", "seats_left"].forEach(function (name) {
      var field = root.querySelector('[data-queue="' + name + '"]');
      if (field && answer[name] !== null && answer[name] !== undefined) {
        field.textContent = answer[name];
      }
    });
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, cache: "no-store",
                 credentials: "omit" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (!answer) { window.setTimeout(poll, 2000); return; }
        if (answer.state !== state) { window.location.reload(); return; }
        show(answer);
        window.setTimeout(poll, Math.max(200, answer.retry_after_ms || 2000));
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }

  window.setTimeout(poll, parseInt(root.getAttribute("data-interval-ms"), 10) || 2000);
})();
