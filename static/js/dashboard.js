// The organizer's live dashboard: figures that update themselves and charts (Chart.js, vendored
// in static/vendor/chartjs). Short polling of the dashboard API every data-every seconds; the
// page without JavaScript shows the same figures as tables (the charts' text alternative).
(function () {
  "use strict";
  var root = document.getElementById("dashboard");
  if (!root || typeof window.fetch !== "function") return;
  var source = root.getAttribute("data-source");
  var every = Math.max(5, parseInt(root.getAttribute("data-every"), 10) || 10) * 1000;
  var zone = root.getAttribute("data-zone") || "Asia/Ho_Chi_Minh";
  var lang = root.getAttribute("data-lang") === "en" ? "en-GB" : "vi-VN";
  var charts = {};

  function number(value, places) {
    if (value === null || value === undefined) return "—";
    return new Intl.NumberFormat(lang, { maximumFractionDigits: places }).format(value);
  }

  function hourLabel(iso) {
    return new Intl.DateTimeFormat(lang, {
      timeZone: zone, day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit",
    }).format(new Date(iso));
  }

  function fullTime(iso) {
    return new Intl.DateTimeFormat(lang, {
      timeZone: zone, day: "2-digit", month: "2-digit", year: "numeric",
      hour: "2-digit", minute: "2-digit", second: "2-digit",
    }).format(new Date(iso));
  }

  function setText(name, text) {
    var node = root.querySelector('[data-live="' + name + '"]');
    if (node) node.textContent = text;
  }

  function rows(tableId, lines) {
    var body = document.querySelector("#" + tableId + " tbody");
    if (!body) return;
    body.textContent = "";
    lines.forEach(function (cells) {
      var tr = document.createElement("tr");
      cells.forEach(function (cell) {
        var td = document.createElement("td");
        td.textContent = cell;
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }

  function chart(id, type, labels, values, options) {
    if (typeof window.Chart !== "function") return;
    var canvas = document.getElementById(id);
    if (!canvas) return;
    var label = root.getAttribute("data-label-" + (options.series || "attempts"));
    if (charts[id]) {
      charts[id].data.labels = labels;
      charts[id].data.datasets[0].data = values;
      charts[id].update("none");
      return;
    }
    charts[id] = new window.Chart(canvas, {
      type: type,
      data: { labels: labels, datasets: [{ label: label, data: values, backgroundColor: "#a31515", borderColor: "#a31515", fill: false, tension: 0.2 }] },
      options: {
        indexAxis: options.horizontal ? "y" : "x",
        maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  function show(data) {
    setText("in_progress", number(data.attempts.in_progress, 0));
    setText("submitted", number(data.attempts.submitted, 0));
    setText("expired", number(data.attempts.expired, 0));
    setText("candidates", number(data.candidates, 0));
    setText("average_score", number(data.average_score, 2));
    setText("max_score", number(data.max_score, 4));
    var status = root.querySelector('[data-live="status"]');
    if (status) status.textContent = status.textContent.replace(/\d{2}\/\d{2}\/\d{4},? \d{2}:\d{2}(:\d{2})?/, fullTime(data.generated_at));
    root.setAttribute("data-updated", data.generated_at);

    var hours = data.per_hour;
    chart("chart-hours", "line", hours.map(function (h) { return hourLabel(h.hour); }), hours.map(function (h) { return h.attempts; }), {});
    rows("table-hours", hours.slice().reverse().map(function (h) { return [fullTime(h.hour), number(h.attempts, 0)]; }));

    var bars = data.histogram;
    var scoreLabels = bars.map(function (b) { return b.to - b.from === 1 ? number(b.from, 2) : number(b.from, 2) + "–" + number(b.to, 2); });
    chart("chart-scores", "bar", scoreLabels, bars.map(function (b) { return b.attempts; }), {});
    rows("table-scores", bars.map(function (b, i) { return [scoreLabels[i], number(b.attempts, 0)]; }));

    var units = data.by_unit.slice(0, 15);
    chart("chart-unit", "bar", units.map(function (u) { return u.name || "—"; }), units.map(function (u) { return u.candidates; }), { horizontal: true, series: "candidates" });
    ["unit", "locality"].forEach(function (kind) {
      rows("table-" + kind, data["by_" + kind].map(function (u) {
        return [u.name || "—", number(u.candidates, 0), number(u.attempts, 0), u.headcount ? number(u.headcount, 0) : "—",
          u.rate === null ? "—" : number(u.rate * 100, 1) + " %"];
      }));
    });
  }

  function poll() {
    fetch(source, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) show(data); })
      .catch(function () { /* offline for a moment: the next poll tries again */ })
      .then(function () { window.setTimeout(poll, document.hidden ? every * 3 : every); });
  }

  poll();
})();
