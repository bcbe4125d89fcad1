/* Home page: the meeting's date and times in the time zone set on the
   reader's device, next to the Mexico City and UTC times, in the page's
   language, naming that zone. Without JavaScript the line stays hidden (and it
   is never in the search index): the Mexico City and UTC times remain. */
(function () {
  "use strict";
  function zoneName(date, lang, style) {
    return new Intl.DateTimeFormat(lang, { timeZoneName: style }).formatToParts(date)
      .filter(function (part) { return part.type === "timeZoneName"; })
      .map(function (part) { return part.value; })[0] || "";
  }
  /* "UTC+09:00", "UTC−05:00": the notation of the rest of the site. */
  function utcOffset(date, lang) {
    var text;
    try {
      text = zoneName(date, lang, "longOffset");
    } catch (e) {
      return zoneName(date, lang, "short");
    }
    return (text.replace(/^GMT/, "UTC") || "UTC").replace("-", "\u2212");
  }
  // A long date as the site writes it: CLDR's, but with no comma after the weekday in Spanish
  // ("lunes 20 de septiembre de 2021", as macros/render/formatting.py and STYLE.es.md write it).
  function dayText(format, date, lang) {
    var parts = format.formatToParts(date);
    if (lang.indexOf("es") === 0 && parts.length > 1 && parts[0].type === "weekday" && parts[1].type === "literal") {
      parts[1] = { type: "literal", value: " " };
    }
    return parts.map(function (part) { return part.value; }).join("");
  }
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
      var endText = time.format(end);
      if (dayText(day, end, lang) !== dayText(day, start, lang)) endText = dayText(day, end, lang) + ", " + endText;
      var zone = "";
      try {
        zone = new Intl.DateTimeFormat().resolvedOptions().timeZone || "";
      } catch (e) { /* the offset below still names the zone */ }
      var offset = utcOffset(start, lang);
      node.querySelector(".local-time-value").textContent =
        dayText(day, start, lang) + ", " + time.format(start) + "–" + endText + " (" + (zone ? zone + ", " : "") + offset + ")";
      node.hidden = false;
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", show);
  } else {
    show();
  }
})();

/* The head's hreflang links (<link rel="alternate" hreflang>, for search
   engines; see overrides/main.html): Material's bundle, when the page has
   loaded, fetches a sitemap.xml beside every link[rel=alternate] (for
   navigation.instant, which this site does not use), a missing file for every
   page. This script runs after the bundle and before that moment: the links'
   rel is set aside while the bundle looks, and restored right after (the
   bundle's DOMContentLoaded listener was added first, so it runs first). */
(function () {
  "use strict";
  if (document.readyState !== "loading") return;
  var links = document.querySelectorAll('link[rel="alternate"][hreflang]');
  if (!links.length) return;
  for (var i = 0; i < links.length; i++) links[i].setAttribute("rel", "x-alternate-pending");
  document.addEventListener("DOMContentLoaded", function () {
    for (var j = 0; j < links.length; j++) links[j].setAttribute("rel", "alternate");
  }, { once: true });
})();
