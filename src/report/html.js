// Sorting and filtering of the findings table. The page is complete without
// this script; it only adds the controls. No network access, no eval.
(function () {
  'use strict';
  var table = document.getElementById('findings-table');
  if (!table || !table.tBodies.length) {
    document.documentElement.setAttribute('data-js', 'ready');
    return;
  }
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  rows.forEach(function (row, i) { row.setAttribute('data-index', String(i)); });
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);

  function sortKey(row, col, numeric) {
    var cell = row.cells[col];
    var raw = cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent;
    return numeric ? parseFloat(raw) || 0 : raw.toLowerCase();
  }

  headers.forEach(function (th, col) {
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = th.textContent;
    button.title = 'Sort by ' + th.textContent.toLowerCase();
    th.textContent = '';
    th.appendChild(button);
    button.addEventListener('click', function () {
      var ascending = th.getAttribute('aria-sort') !== 'ascending';
      var numeric = th.getAttribute('data-type') === 'number';
      headers.forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      rows.sort(function (a, b) {
        var x = sortKey(a, col, numeric);
        var y = sortKey(b, col, numeric);
        var order = x < y ? -1 : x > y ? 1 : 0;
        if (!ascending) { order = -order; }
        return order || Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index'));
      });
      rows.forEach(function (row) { tbody.appendChild(row); });
    });
  });

  var filters = document.getElementById('filters');
  var text = document.getElementById('filter-text');
  var severity = document.getElementById('filter-severity');
  var category = document.getElementById('filter-category');
  var count = document.getElementById('filter-count');
  function apply() {
    var needle = text.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!severity.value || row.getAttribute('data-severity') === severity.value) &&
        (!category.value || row.getAttribute('data-category') === category.value) &&
        (!needle || row.textContent.toLowerCase().indexOf(needle) !== -1);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + ' of ' + rows.length + ' findings shown';
  }
  if (filters && text && severity && category && count) {
    text.addEventListener('input', apply);
    severity.addEventListener('change', apply);
    category.addEventListener('change', apply);
    filters.hidden = false;
    apply();
  }
  document.documentElement.setAttribute('data-js', 'ready');
})();
