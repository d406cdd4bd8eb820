// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolreport/html_assets.h
// -----------------------------------------------------------------------------
//
// The style sheet and the script poolreport/html.cc inlines into its page:
// sorting of table.sortable by th[data-sort] (numbers by their data-value),
// and button.toggle showing or hiding the tr.stack it controls.

#ifndef POOLREPORT_HTML_ASSETS_H_
#define POOLREPORT_HTML_ASSETS_H_

namespace poolreport {
namespace poolreport_internal {

inline constexpr char kStyle[] = R"css(
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1b1b1b; }
h1 { font-size: 1.5em; margin: 0 0 .3em; }
h2 { font-size: 1.15em; margin: 1.6em 0 .4em; }
table { border-collapse: collapse; margin: .3em 0; }
th, td { border-bottom: 1px solid #ddd; padding: .25em .6em; text-align: left; vertical-align: top; }
th[data-sort] { cursor: pointer; user-select: none; background: #f3f3f3; }
th[aria-sort=ascending]::after { content: " \25B2"; }
th[aria-sort=descending]::after { content: " \25BC"; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code, .loc, .frame { font-family: ui-monospace, monospace; font-size: .92em; }
.loc { color: #555; }
tr.stack td { background: #fafafa; }
ol.frames { margin: .2em 0 .4em 1.2em; padding: 0; }
ol.parameters { margin: 0; padding-left: 1.4em; }
button.toggle { border: 1px solid #aaa; background: #fff; border-radius: 3px; cursor: pointer; }
tbody.new td, tr.new td { background: #fff1f0; }
tbody.new td:first-child { box-shadow: inset 4px 0 #d93025; }
.badge { display: inline-block; padding: 0 .4em; border-radius: 3px; font-size: .85em; }
.badge.new, .badge.grew { background: #d93025; color: #fff; }
.badge.fixed, .badge.shrank { background: #188038; color: #fff; }
svg text { font: 12px ui-monospace, monospace; }
svg rect { fill: #4a7bd0; }
.muted { color: #777; }
)css";

inline constexpr char kScript[] = R"js(
(function () {
  'use strict';
  function units(table) {
    // A table of tbody units (a row and its stack) sorts whole units.
    if (table.classList.contains('units')) return Array.prototype.slice.call(table.tBodies);
    return Array.prototype.slice.call(table.tBodies[0].rows);
  }
  function key(unit, column, numeric) {
    var row = unit.rows ? unit.rows[0] : unit;
    var cell = row.cells[column];
    if (!cell) return numeric ? 0 : '';
    var v = cell.hasAttribute('data-value') ? cell.getAttribute('data-value') : cell.textContent;
    return numeric ? Number(v) : v.trim().toLowerCase();
  }
  function sortBy(th) {
    var table = th.closest('table');
    var column = th.cellIndex;
    var numeric = th.getAttribute('data-sort') === 'number';
    // First click: numbers largest first, text A to Z; a second one reverses.
    var current = th.getAttribute('aria-sort');
    var descending = current ? current === 'ascending' : numeric;
    Array.prototype.forEach.call(table.querySelectorAll('th[aria-sort]'), function (h) {
      if (h !== th) h.removeAttribute('aria-sort');
    });
    th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
    var list = units(table);
    list.sort(function (a, b) {
      var x = key(a, column, numeric), y = key(b, column, numeric);
      var c = x < y ? -1 : x > y ? 1 : 0;
      return descending ? -c : c;
    });
    var parent = table.classList.contains('units') ? table : table.tBodies[0];
    list.forEach(function (u) { parent.appendChild(u); });
  }
  function toggle(button) {
    var target = document.getElementById(button.getAttribute('aria-controls'));
    if (!target) return;
    var open = button.getAttribute('aria-expanded') === 'true';
    button.setAttribute('aria-expanded', open ? 'false' : 'true');
    button.textContent = open ? 'stack' : 'hide';
    if (open) target.setAttribute('hidden', ''); else target.removeAttribute('hidden');
  }
  document.addEventListener('click', function (event) {
    var th = event.target.closest('th[data-sort]');
    if (th) { sortBy(th); return; }
    var button = event.target.closest('button.toggle');
    if (button) toggle(button);
  });
})();
)js";

}  // namespace poolreport_internal
}  // namespace poolreport

#endif  // POOLREPORT_HTML_ASSETS_H_
