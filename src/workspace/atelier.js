(function () {
  "use strict";
  var d = document;
  var prog = d.getElementById("progression");
  if (prog && prog.getAttribute("data-en-cours") === "1") {
    var tick = function () {
      fetch("/etat.json", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (s) {
        var line = d.getElementById("ligne"), clock = d.getElementById("ecoule");
        if (line && s.ligne) { line.textContent = s.ligne; }
        if (clock && s.ecoule !== undefined) { clock.textContent = Math.round(s.ecoule) + " s"; }
        if (s.fini) { location.replace(prog.getAttribute("data-suite")); } else { setTimeout(tick, 1000); }
      }).catch(function () { setTimeout(tick, 2000); });
    };
    tick();
  }
  var panel = d.getElementById("place");
  if (!panel) { return; }
  var first = null;
  d.addEventListener("click", function (e) {
    var t = e.target;
    if (t.id === "echange") {
      var chosen = panel.querySelector("[data-sieges]");
      first = chosen ? chosen.getAttribute("data-sieges") : null;
      var help = d.getElementById("consigne");
      if (help) { help.hidden = false; }
      return;
    }
    var line = t.closest && t.closest(".grid-section div[data-periods]");
    if (!line) { return; }
    var name = t.closest("[data-id]") || line.querySelector("[data-id]");
    var q = new URLSearchParams({
      id: name ? name.getAttribute("data-id") : "",
      date: line.closest("tr").getAttribute("data-date"),
      post: line.closest("td").getAttribute("data-post"),
      periods: line.getAttribute("data-periods")
    });
    var nav = d.querySelector("nav.atelier");
    q.set("revision", nav ? nav.getAttribute("data-revision") : "");
    if (first) { q.set("avec", first); }
    first = null;
    var old = d.querySelector(".choisi");
    if (old) { old.classList.remove("choisi"); }
    line.classList.add("choisi");
    panel.hidden = false;
    panel.setAttribute("data-etat", "charge");
    fetch("/place?" + q.toString(), { cache: "no-store" }).then(function (r) { return r.text(); }).then(function (html) {
      panel.innerHTML = html;
      panel.setAttribute("data-etat", "pret");
    });
  });
})();
