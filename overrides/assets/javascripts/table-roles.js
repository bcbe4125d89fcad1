/* Table semantics for the stacked tables (class "stack") on phones. Their
   layout (site.css) gives the table's parts display: block, and some browsers
   (Safari among them) then stop exposing them as a table to screen readers.
   Explicit ARIA table roles keep the table, but HTML does not allow them in
   the markup of a native table (the W3C Nu HTML Checker reports each one as
   an error), so they are set here, on every part of each stacked table, the
   same at every width. Without JavaScript the tables keep their native
   semantics, which browsers that keep them under display: block expose. */
(function () {
  "use strict";
  function mark(nodes, role) {
    for (var i = 0; i < nodes.length; i++) nodes[i].setAttribute("role", role);
  }
  function setRoles() {
    var tables = document.querySelectorAll("table.stack");
    for (var i = 0; i < tables.length; i++) {
      var table = tables[i];
      table.setAttribute("role", "table");
      mark(table.querySelectorAll(":scope > thead, :scope > tbody"), "rowgroup");
      mark(table.querySelectorAll(":scope > thead > tr, :scope > tbody > tr"), "row");
      mark(table.querySelectorAll(":scope > thead > tr > th"), "columnheader");
      mark(table.querySelectorAll(":scope > tbody > tr > th"), "rowheader");
      mark(table.querySelectorAll(":scope > tbody > tr > td"), "cell");
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setRoles);
  } else {
    setRoles();
  }
})();
