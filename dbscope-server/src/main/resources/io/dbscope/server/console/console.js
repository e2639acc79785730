// Draws the charts of a page from the JSON the page embeds (the API's own data), with uPlot.
(function () {
  function chart(el, title, times, values, color) {
    if (!values.some(function (v) { return v !== null; })) return;
    var box = document.createElement('div');
    el.appendChild(box);
    // Always the last hour, so that a young history does not stretch over the whole chart.
    var now = Date.now() / 1000;
    new uPlot({title: title, width: 360, height: 160, legend: {show: false},
      scales: {x: {time: true, range: function () { return [now - 3600, now]; }}},
      series: [{}, {stroke: color, width: 1.5, spanGaps: false,
        points: {show: values.length < 3}}]}, [times, values], box);
  }
  function draw() {
    if (typeof uPlot === 'undefined') return;
    document.querySelectorAll('[data-charts]').forEach(function (el) {
      var data = JSON.parse(document.getElementById(el.dataset.charts).textContent);
      if (el.dataset.charts === 'history') {
        var titles = {up: 'Up', scrape_seconds: 'Scrape duration (s)', qps: 'Queries/s',
          tps: 'Transactions/s', connections: 'Connections', lock_waits: 'Lock waits'};
        Object.keys(titles).forEach(function (k) {
          chart(el, titles[k], data.times, data.values[k] || [], '#2563eb');
        });
      } else {
        var t = data.map(function (p) { return p.time; });
        chart(el, 'Calls per minute', t, data.map(function (p) { return p.calls; }), '#2563eb');
        chart(el, 'Time per minute (s)', t, data.map(function (p) { return p.seconds; }), '#f59e0b');
      }
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', draw);
  else draw();
})();
