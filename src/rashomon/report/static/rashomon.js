// rashomon: the one script of the web app and the report. Everything works without it;
// it only (1) filters the report's story table in the page (the app filters on the
// server), and (2) moves keyboard focus to the sentence a finding links to.
(function () {
  "use strict";
  function focusTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var el = document.getElementById(id);
    if (el && el.classList.contains("ev")) {
      el.classList.add("hl");
      el.focus({ preventScroll: false });
    }
  }
  window.addEventListener("hashchange", focusTarget);
  document.addEventListener("DOMContentLoaded", focusTarget);

  if (document.body.dataset.mode !== "report") return;
  var form = document.getElementById("filters");
  if (!form) return;
  var texts = null;
  function articleText(anchor) {
    if (texts === null) {
      texts = {};
      document.querySelectorAll("section.page[id^='article-']").forEach(function (s) {
        var t = s.querySelector(".text"), h = s.querySelector("h1");
        texts[s.id.slice(8)] = ((h ? h.textContent : "") + "\n" + (t ? t.textContent : "")).toLowerCase();
      });
    }
    return texts[anchor] || "";
  }
  function has(list, words) {
    return list.split("\n").some(function (name) { return name.toLowerCase().indexOf(words) >= 0; });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var f = new FormData(form);
    var outlet = f.get("outlet") || "", actor = (f.get("actor") || "").trim().toLowerCase();
    var place = (f.get("place") || "").trim().toLowerCase(), from = f.get("from") || "";
    var to = f.get("to") || "", q = (f.get("q") || "").trim().toLowerCase();
    var shown = 0;
    document.querySelectorAll("#story-table tbody tr[data-title]").forEach(function (row) {
      var d = row.dataset, ok = true, date = d.date || "";
      if (outlet && d.outlets.split("\n").indexOf(outlet) < 0) ok = false;
      if (ok && actor && !has(d.actors, actor)) ok = false;
      if (ok && place && !has(d.places, place)) ok = false;
      if (ok && from && !(date && date >= from)) ok = false;
      if (ok && to && !(date && date.slice(0, to.length) <= to)) ok = false;
      if (ok && q && d.title.toLowerCase().indexOf(q) < 0 &&
          !d.articles.split(" ").some(function (a) { return articleText(a).indexOf(q) >= 0; })) ok = false;
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    var status = document.getElementById("filter-status");
    if (status) status.textContent = shown + " stor" + (shown === 1 ? "y" : "ies") + " match the filters.";
  });
})();
