/* Shows the meeting's time in the reader's own time zone, next to the
   Mexico City time, in the page's language. Without JavaScript the line stays
   hidden and the Mexico City and UTC times remain. */
(function () {
  "use strict";
  function show() {
    var nodes = document.querySelectorAll(".local-time[data-start][data-end]");
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      var start = new Date(node.getAttribute("data-start"));
      var end = new Date(node.getAttribute("data-end"));
      if (isNaN(start) || isNaN(end) || typeof Intl === "undefined") continue;
      var lang = document.documentElement.lang || "en";
      var day = new Intl.DateTimeFormat(lang, { weekday: "long", day: "numeric", month: "long", year: "numeric" });
      var time = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
      var zone = new Intl.DateTimeFormat(lang, { timeZoneName: "short" }).formatToParts(start)
        .filter(function (part) { return part.type === "timeZoneName"; })
        .map(function (part) { return part.value; })[0] || "";
      node.querySelector(".local-time-value").textContent =
        day.format(start) + ", " + time.format(start) + "–" + time.format(end) + " " + zone;
      node.hidden = false;
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", show);
  } else {
    show();
  }
})();
