// app.js — the web page's only script (served as a file: the CSP allows
// no inline code). Everything works without it; it adds the halt
// confirmation, live refresh by long polling, and sortable tables.
"use strict";

document.querySelectorAll("form[data-confirm]").forEach(function (f) {
  f.addEventListener("submit", function (e) {
    if (!window.confirm(f.dataset.confirm)) e.preventDefault();
  });
});

// Reload when the server says something changed, unless the reviewer is
// in the middle of something (typing, or a selection made).
function busy() {
  var a = document.activeElement;
  if (a && (a.tagName === "INPUT" || a.tagName === "TEXTAREA") && a.value)
    return true;
  return document.querySelector("input[type=checkbox]:checked") !== null;
}

function poll(since) {
  fetch("/events?since=" + since, { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
    .then(function (d) {
      if (d.seq > since && !d.timeout) {
        if (!busy()) return window.location.reload();
        var n = document.getElementById("news");
        if (n) n.hidden = false;
      }
      poll(d.seq > since ? d.seq : since);
    })
    .catch(function () { setTimeout(function () { poll(since); }, 5000); });
}
if (document.body.dataset.seq !== undefined)
  poll(parseInt(document.body.dataset.seq, 10) || 0);

function cellValue(row, i) {
  var t = row.children[i] ? row.children[i].textContent : "";
  var n = parseFloat(t);
  return isNaN(n) ? t : n;
}

document.querySelectorAll("table.sortable th").forEach(function (th, i) {
  th.addEventListener("click", function () {
    var body = th.closest("table").tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var up = th.dataset.dir !== "up";
    th.dataset.dir = up ? "up" : "down";
    rows.sort(function (a, b) {
      var x = cellValue(a, i), y = cellValue(b, i);
      return (x < y ? -1 : x > y ? 1 : 0) * (up ? 1 : -1);
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
