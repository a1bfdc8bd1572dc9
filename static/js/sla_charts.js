// Trend charts of the service-levels monitor. The figures come from the JSON island
// #sla-trend-data rendered by the server (no inline script: the CSP allows only our files).
(function () {
  "use strict";
  var island = document.getElementById("sla-trend-data");
  if (!island || typeof Chart === "undefined") return;
  var data = JSON.parse(island.textContent);
  var colours = {
    transactions: "#0d6efd", satisfaction: "#198754", availability: "#6f42c1",
    completion: "#fd7e14"
  };
  var rtl = document.documentElement.dir === "rtl";

  document.querySelectorAll("canvas[data-series]").forEach(function (canvas) {
    var names = canvas.getAttribute("data-series").split(" ");
    var percent = names[0] !== "transactions";
    // The axes' titles come translated from the server, on the canvas's data attributes.
    var xTitle = { display: true, text: canvas.getAttribute("data-x-title") || "" };
    var yTitle = { display: true, text: canvas.getAttribute("data-y-title") || "" };
    new Chart(canvas, {
      type: percent ? "line" : "bar",
      data: {
        labels: data.labels,
        datasets: names.map(function (name) {
          return {
            label: data.names[name], data: data.series[name], borderColor: colours[name],
            backgroundColor: colours[name], spanGaps: true, pointRadius: 0, borderWidth: 2
          };
        })
      },
      options: {
        animation: false,
        locale: document.documentElement.lang,
        plugins: { legend: { rtl: rtl, position: "bottom" }, tooltip: { rtl: rtl } },
        scales: {
          x: { reverse: rtl, ticks: { maxTicksLimit: 8 }, title: xTitle },
          y: percent ? { suggestedMin: 50, max: 100, position: rtl ? "right" : "left",
                         title: yTitle }
                     : { beginAtZero: true, position: rtl ? "right" : "left", title: yTitle }
        }
      }
    });
    canvas.setAttribute("data-rendered", "true");
  });
})();
