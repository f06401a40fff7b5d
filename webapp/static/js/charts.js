/*
 * Satsa charts: draws every chart written by templates/_macros/charts.html.
 *
 * Each container (.chart__canvas[data-chart-source]) names a JSON block holding
 * {"option": <ECharts option>, "maps": {<name>: <GeoJSON>}}. The maps are registered, the
 * chart is drawn with the SVG renderer, numbers on axes and in tooltips follow the page's
 * language, animation is off when the reader prefers reduced motion, and the charts follow
 * the window's size. The figures are also in the table next to each chart, so a chart that
 * cannot be drawn only hides its empty container.
 */
(function () {
  'use strict';

  var RESIZE_DELAY_MS = 150;
  var charts = [];
  var registeredMaps = {};
  var motionQuery = window.matchMedia ? window.matchMedia('(prefers-reduced-motion: reduce)') : null;

  function reducedMotion() {
    return Boolean(motionQuery && motionQuery.matches);
  }

  function numberFormat() {
    var lang = document.documentElement.getAttribute('lang') || 'sv';
    var format;
    try {
      format = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
    } catch (error) {
      format = new Intl.NumberFormat('sv', { maximumFractionDigits: 2 });
    }
    return function (value) {
      if (Array.isArray(value)) {
        return value.map(function (v) { return formatOne(format, v); }).join('; ');
      }
      return formatOne(format, value);
    };
  }

  function formatOne(format, value) {
    if (typeof value === 'number' && isFinite(value)) {
      return format.format(value);
    }
    return value === null || value === undefined || value === '-' ? '–' : String(value);
  }

  function asList(value) {
    if (!value) {
      return [];
    }
    return Array.isArray(value) ? value : [value];
  }

  /* Numbers the option leaves to ECharts are written the way the page's language writes them. */
  function localise(option, format) {
    asList(option.xAxis).concat(asList(option.yAxis)).forEach(function (axis) {
      if (axis.type === 'value') {
        axis.axisLabel = axis.axisLabel || {};
        if (!axis.axisLabel.formatter) {
          axis.axisLabel.formatter = format;
        }
      }
    });
    asList(option.tooltip).forEach(function (tooltip) {
      if (!tooltip.valueFormatter) {
        tooltip.valueFormatter = format;
      }
    });
  }

  function registerMaps(maps) {
    Object.keys(maps || {}).forEach(function (name) {
      if (!registeredMaps[name]) {
        window.echarts.registerMap(name, maps[name]);
        registeredMaps[name] = true;
      }
    });
  }

  function draw(container, format) {
    var figure = container.closest('.chart');
    var source = document.getElementById(container.getAttribute('data-chart-source'));
    if (!source) {
      return;
    }
    try {
      var payload = JSON.parse(source.textContent);
      var option = payload.option;
      registerMaps(payload.maps);
      localise(option, format);
      option.animation = !reducedMotion();
      if (figure) {
        figure.classList.add('chart--live');
      }
      var chart = window.echarts.init(container, null, { renderer: 'svg' });
      chart.setOption(option);
      charts.push(chart);
      container.setAttribute('data-chart-ready', 'true');
    } catch (error) {
      if (figure) {
        figure.classList.remove('chart--live');
        figure.classList.add('chart--failed');
      }
      if (window.console) {
        window.console.error('Chart could not be drawn:', container.getAttribute('data-chart-source'), error);
      }
    }
  }

  function resizeAll() {
    charts.forEach(function (chart) {
      if (!chart.isDisposed()) {
        chart.resize();
      }
    });
  }

  function debounce(fn, delay) {
    var timer = null;
    return function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fn, delay);
    };
  }

  function followMotionPreference() {
    if (!motionQuery) {
      return;
    }
    var update = function () {
      var animate = !reducedMotion();
      charts.forEach(function (chart) {
        if (!chart.isDisposed()) {
          chart.setOption({ animation: animate });
        }
      });
    };
    if (motionQuery.addEventListener) {
      motionQuery.addEventListener('change', update);
    } else if (motionQuery.addListener) {
      motionQuery.addListener(update);
    }
  }

  function start() {
    if (typeof window.echarts === 'undefined') {
      return;
    }
    var containers = document.querySelectorAll('.chart__canvas[data-chart-source]');
    if (!containers.length) {
      return;
    }
    var format = numberFormat();
    Array.prototype.forEach.call(containers, function (container) {
      draw(container, format);
    });
    window.addEventListener('resize', debounce(resizeAll, RESIZE_DELAY_MS));
    /* Paper is narrower than the screen: fit the charts before printing and after. */
    window.addEventListener('beforeprint', resizeAll);
    window.addEventListener('afterprint', resizeAll);
    followMotionPreference();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
