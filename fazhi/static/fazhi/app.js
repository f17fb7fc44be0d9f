// Small behaviours shared by every page. No inline scripts: the CSP allows only files from this server.
(function () {
  "use strict";

  // Charts: any element with data-chart holding an ECharts option (JSON) renders itself.
  function renderCharts(root) {
    if (typeof echarts === "undefined") return;
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.rendered) return;
      var option = JSON.parse(el.getAttribute("data-chart"));
      var chart = echarts.init(el);
      chart.setOption(option);
      if (el.dataset.drill) {
        chart.on("click", function (params) {
          var base = el.dataset.drill;
          var key = (params.data && params.data.key) || params.name;
          window.location.href = base + (base.indexOf("?") >= 0 ? "&" : "?") + "drill=" + encodeURIComponent(key);
        });
      }
      el.dataset.rendered = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  // Confirmation for destructive buttons: <button data-confirm="确定停用？">.
  document.addEventListener("submit", function (event) {
    var btn = event.submitter;
    var message = (btn && btn.dataset.confirm) || event.target.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // Auto-submit filter forms when a select changes: <form data-autosubmit>.
  document.addEventListener("change", function (event) {
    var form = event.target.closest("form[data-autosubmit]");
    if (form && event.target.tagName === "SELECT") form.requestSubmit();
  });

  // Long option lists sent once a page: <select data-options-from="id"> gets a copy of <template id>.
  function fillOptions(root) {
    root.querySelectorAll("select[data-options-from]").forEach(function (select) {
      var source = document.getElementById(select.dataset.optionsFrom);
      if (!source || select.dataset.filled) return;
      select.appendChild(source.content.cloneNode(true));
      select.dataset.filled = "1";
    });
  }

  // List tables shown as cards on phones (table.fz-cards, see app.css): each cell carries its column's
  // name in data-label. Idempotent, so a swapped-in table is labelled by running it over the document.
  function labelCells(root) {
    root.querySelectorAll("table.fz-cards").forEach(function (table) {
      var labels = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      table.querySelectorAll("tbody > tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, i) {
          if (labels[i] && !cell.hasAttribute("data-label") && !cell.hasAttribute("colspan")) {
            cell.setAttribute("data-label", labels[i]);
          }
        });
      });
    });
  }

  // Print buttons: <button data-print> opens the browser's print dialog (the print stylesheet applies).
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) { window.print(); }
    // "Select all" boxes: <input type="checkbox" data-check-all="name"> ticks every box of that name.
    var all = event.target.closest("input[data-check-all]");
    if (all) {
      document.querySelectorAll('input[type="checkbox"][name="' + all.getAttribute("data-check-all") + '"]')
        .forEach(function (box) { box.checked = all.checked; });
    }
  });

  function enhance(root) { renderCharts(root); fillOptions(root); labelCells(document); }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSwap", function (event) { enhance(event.target); });
  document.addEventListener("htmx:afterSettle", function () { labelCells(document); });
  window.fazhiRenderCharts = renderCharts;
})();
