/**
 * The script inlined in every HTML page: reads the chart model (chart-spec.ts)
 * from the page's `<script type="application/json" id="imstress-data">` and
 * draws each chart with uPlot. Plain ES2017 for any current browser; it
 * makes no request and touches no storage.
 *
 * Each chart is listed in `window.imstressCharts` ({ id, plot, bandsDrawn,
 * bandKinds, markersDrawn }) so a browser test can check what was drawn.
 */
export const CLIENT_SCRIPT = String.raw`(function () {
  'use strict';
  var dataEl = document.getElementById('imstress-data');
  var data = JSON.parse(dataEl ? dataEl.textContent : '{"charts":[]}');
  var charts = [];
  window.imstressCharts = charts;
  var dpr = window.devicePixelRatio || 1;

  function pad2(n) { return (n < 10 ? '0' : '') + n; }
  function clock(sec) {
    if (sec == null) return '-';
    var t = Math.max(0, Math.round(sec)), h = Math.floor(t / 3600), m = Math.floor((t % 3600) / 60), s = t % 60;
    return (h > 0 ? h + ':' + pad2(m) : pad2(m)) + ':' + pad2(s);
  }
  function ms(v) {
    if (v == null || !isFinite(v)) return '-';
    if (v === 0) return '0';
    if (v < 0.9995) return Math.round(v * 1000) + ' µs';
    if (v < 10) return v.toFixed(2) + ' ms';
    if (v < 100) return v.toFixed(1) + ' ms';
    if (v < 10000) return Math.round(v) + ' ms';
    return (v / 1000).toFixed(v < 100000 ? 1 : 0) + ' s';
  }
  function num(v, unit) {
    if (v == null || !isFinite(v)) return '-';
    if (unit === 'ms') return ms(v);
    if (unit === 'per-sec') return (v < 100 ? v.toFixed(1) : String(Math.round(v))) + '/s';
    return String(Math.round(v * 100) / 100);
  }
  function pct(x) {
    if (x == null || !isFinite(x) || x < 1) return '';
    var p = 100 * (1 - 1 / x);
    var digits = Math.max(0, Math.ceil(Math.log10(x) - 1e-9) - 2);
    return p.toFixed(digits) + '%';
  }
  // An opaque tint (hex mixed with white): stacked areas paint over each other, so they must not blend.
  function tint(hex, white) {
    var n = parseInt(hex.slice(1), 16);
    var mix = function (c) { return Math.round(c + (255 - c) * white); };
    return 'rgb(' + mix((n >> 16) & 255) + ',' + mix((n >> 8) & 255) + ',' + mix(n & 255) + ')';
  }

  function drawBands(u, spec, entry) {
    var ctx = u.ctx, b = u.bbox, left = b.left, right = b.left + b.width;
    ctx.save();
    spec.bands.forEach(function (band) {
      var x0 = Math.max(left, Math.min(right, u.valToPos(band.from, 'x', true)));
      var x1 = Math.max(left, Math.min(right, u.valToPos(band.to, 'x', true)));
      ctx.fillStyle = band.kind === 'hang' ? 'rgba(213,94,0,0.16)' : band.kind === 'outage' ? 'rgba(0,114,178,0.16)' : 'rgba(230,159,0,0.14)';
      ctx.fillRect(x0, b.top, Math.max(x1 - x0, 2 * dpr), b.height);
      entry.bandsDrawn++;
      entry.bandKinds[band.kind] = (entry.bandKinds[band.kind] || 0) + 1;
    });
    ctx.restore();
  }

  function drawMarkers(u, spec, entry) {
    var ctx = u.ctx, b = u.bbox;
    ctx.save();
    spec.markers.forEach(function (m) {
      var x = Math.round(u.valToPos(m.at, 'x', true));
      if (x < b.left || x > b.left + b.width) return;
      ctx.strokeStyle = '#c0392b';
      ctx.lineWidth = 2 * dpr;
      ctx.setLineDash([4 * dpr, 3 * dpr]);
      ctx.beginPath();
      ctx.moveTo(x, b.top);
      ctx.lineTo(x, b.top + b.height);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = '#c0392b';
      ctx.font = 'bold ' + 12 * dpr + 'px system-ui, sans-serif';
      var w = ctx.measureText(m.label).width;
      ctx.fillText(m.label, x - w - 4 * dpr > b.left ? x - w - 4 * dpr : x + 4 * dpr, b.top + 14 * dpr);
      entry.markersDrawn++;
    });
    ctx.restore();
  }

  function options(spec, el, entry) {
    var isTime = spec.kind === 'time';
    var usesY2 = spec.series.some(function (s) { return s.scale === 'y2'; });
    var unitOf = function (scale) {
      var s = spec.series.filter(function (x) { return x.scale === scale; })[0];
      return s ? s.unit : 'count';
    };
    var xAxis = { label: isTime ? 'time since start (mm:ss)' : 'percentile', values: function (u, splits) { return splits.map(isTime ? clock : pct); } };
    // Whole seconds only: a time axis never ticks at 00:01.5.
    if (isTime) xAxis.incrs = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 86400];
    var axes = [
      xAxis,
      { label: spec.yLabel, scale: 'y', size: 72, values: function (u, splits) { return splits.map(function (v) { return num(v, unitOf('y')); }); } },
    ];
    // Time charts keep a right axis (blank when unused) so stacked charts line up on x.
    if (!usesY2 && isTime) axes.push({ label: ' ', scale: 'y', side: 1, size: 72, grid: { show: false }, ticks: { show: false }, values: function (u, splits) { return splits.map(function () { return ''; }); } });
    if (usesY2) axes.push({ label: spec.y2Label || '', scale: 'y2', side: 1, size: 72, grid: { show: false }, values: function (u, splits) { return splits.map(function (v) { return num(v, unitOf('y2')); }); } });
    // The x range reaches the hang marker and the bands' ends: samples are labelled with the second they measured,
    // so the last one can be up to a second before the hang was declared.
    var xEnd = (spec.markers || []).map(function (m) { return m.at; }).concat((spec.bands || []).map(function (b) { return b.to; }));
    var xMax = xEnd.length ? Math.max.apply(null, xEnd) : -Infinity;
    var scales = isTime
      ? { x: { time: false, range: function (u, min, max) { return [min, Math.max(max, xMax)]; } }, y: { range: function (u, min, max) { return [0, max > 0 ? max * 1.08 : 1]; } }, y2: { range: function (u, min, max) { return [0, max > 0 ? max * 1.08 : 1]; } } }
      : { x: { time: false, distr: 3, log: 10 }, y: { distr: 3, log: 10 } };
    return {
      width: Math.max(320, el.clientWidth || 800),
      height: spec.kind === 'time' ? 300 : 260,
      scales: scales,
      axes: axes,
      cursor: isTime ? { sync: { key: 'imstress-time' } } : {},
      legend: { live: true },
      // Percentile charts have no right axis: room for the last x label ("99.999%") so it is not clipped.
      padding: isTime ? undefined : [8, 36, 0, 0],
      // With the cursor off the chart uPlot asks for a null value: show nothing, not "label: -".
      series: [{ label: isTime ? 'time' : 'percentile', value: function (u, v) { return v == null ? '' : isTime ? clock(v) : pct(v); } }].concat(
        spec.series.map(function (s) {
          return {
            label: s.label,
            stroke: s.color,
            width: s.fill ? 1 : 2,
            dash: s.dash ? [6, 4] : undefined,
            fill: s.fill ? tint(s.color, 0.3) : undefined,
            scale: s.scale,
            spanGaps: !!spec.spanGaps,
            points: { show: false },
            value: function (u, v, si, idx) { var x = s.raw && idx != null ? s.raw[idx] : v; return x == null ? '' : num(x, s.unit); },
          };
        })
      ),
      hooks: {
        drawClear: [function (u) { drawBands(u, spec, entry); }],
        draw: [function (u) { drawMarkers(u, spec, entry); }],
      },
    };
  }

  (data.charts || []).forEach(function (spec) {
    var el = document.getElementById(spec.id);
    if (!el) return;
    var target = el.querySelector('.plot') || el;
    var entry = { id: spec.id, plot: null, bandsDrawn: 0, bandKinds: {}, markersDrawn: 0 };
    var columns = [spec.x].concat(spec.series.map(function (s) { return s.values; }));
    entry.plot = new uPlot(options(spec, target, entry), columns, target);
    charts.push(entry);
  });

  var pending = false;
  window.addEventListener('resize', function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () {
      pending = false;
      charts.forEach(function (c) {
        var target = c.plot.root.parentNode;
        c.plot.setSize({ width: Math.max(320, target.clientWidth || 800), height: c.plot.height });
      });
    });
  });
})();
`;
