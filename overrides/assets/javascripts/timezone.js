/* The agenda's time-zone choice (form.tz-choice, written by the macro
   time_zone_choice): every time of the agenda table in Mexico City time (the
   default, and all that shows without JavaScript), in the time zone set on
   this device, or in that of a Member Country. The choice is kept in
   localStorage, so it holds on every page and in both languages; it is
   announced in the form's live region. Times keep the page language's 24-hour
   format; a time that falls on another day than the meeting's date shows
   that day. Works from disk (file://): no request is made. */
(function () {
  "use strict";
  var KEY = "rcm-meeting-time-zone";

  function read() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function write(value) {
    try { window.localStorage.setItem(KEY, value); } catch (e) { /* storage disabled: the choice lasts for this page */ }
  }
  function deviceZone() {
    try { return new Intl.DateTimeFormat().resolvedOptions().timeZone || null; } catch (e) { return null; }
  }
  /* "UTC+09:00", "UTC−05:00": the notation of the rest of the site. */
  function offsetName(date, lang, zone) {
    var options = { timeZone: zone, timeZoneName: "longOffset" };
    var parts;
    try {
      parts = new Intl.DateTimeFormat(lang, options).formatToParts(date);
    } catch (e) {
      options.timeZoneName = "short";
      parts = new Intl.DateTimeFormat(lang, options).formatToParts(date);
    }
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].type === "timeZoneName") return parts[i].value.replace(/^GMT/, "UTC").replace("-", "\u2212");
    }
    return "";
  }

  function init() {
    var form = document.querySelector("form.tz-choice");
    if (!form || typeof Intl === "undefined" || !window.Intl.DateTimeFormat) return;
    var select = form.querySelector("select");
    var status = form.querySelector(".tz-status");
    var lang = document.documentElement.lang || "en";
    var meetingZone = form.getAttribute("data-meeting-zone");
    var meetingDate = form.getAttribute("data-meeting-date");
    // Every agenda table of the page (the whole day, or blocks): their captions name the zone.
    var meetingZoneText = form.getAttribute("data-zone-text");
    var captions = Array.prototype.slice.call(document.querySelectorAll("table.agenda > caption"));
    captions.forEach(function (node) { node.setAttribute("data-meeting-caption", node.textContent); });
    var times = Array.prototype.slice.call(document.querySelectorAll("table.agenda time[datetime]"));
    times.forEach(function (node) { node.setAttribute("data-meeting-time", node.textContent); });
    var first = times.length ? new Date(times[0].getAttribute("datetime")) : new Date(meetingDate);

    function zoneOf(value) {
      if (value === "meeting") return meetingZone;
      if (value === "local") return deviceZone();
      return value;
    }

    function label(value, zone) {
      var offset = offsetName(first, lang, zone);
      if (value === "meeting") return meetingZoneText;
      if (value === "local") return form.getAttribute("data-label-local") + ", " + zone + ", " + offset;
      var option = select.querySelector('option[value="' + value + '"]');
      return (option ? option.textContent : zone) + ", " + offset;
    }

    function apply(value, announce) {
      var zone = zoneOf(value);
      var clock, day, ymd;
      try {
        clock = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone });
        day = new Intl.DateTimeFormat(lang, { weekday: "short", day: "numeric", month: "short", timeZone: zone });
        ymd = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: zone });
      } catch (e) {
        if (value !== "meeting") apply("meeting", announce);
        return;
      }
      select.value = value;
      var previous = null;  // the day of the cell's start, for its end
      times.forEach(function (node) {
        if (value === "meeting") {
          node.textContent = node.getAttribute("data-meeting-time");
          return;
        }
        var when = new Date(node.getAttribute("datetime"));
        var date = ymd.format(when);
        var text = clock.format(when);
        // The day is shown when it is not the meeting's; at the end of a range, only when it is
        // not the day shown (or implied) at the start.
        var isEnd = node.previousElementSibling && node.previousElementSibling.tagName === "TIME";
        var reference = isEnd && previous !== null ? previous : meetingDate;
        if (date !== reference) text = day.format(when) + " " + text;
        previous = isEnd ? null : date;
        node.textContent = text;
      });
      var name = label(value, zone);
      captions.forEach(function (node) {
        var original = node.getAttribute("data-meeting-caption");
        node.textContent = value === "meeting" ? original : original.replace(meetingZoneText, name);
      });
      form.setAttribute("data-zone", zone);
      status.textContent = announce ? form.getAttribute("data-status").replace("{zone}", name) : "";
    }

    var saved = read();
    var known = saved && (saved === "meeting" || saved === "local" || select.querySelector('option[value="' + saved + '"]'));
    apply(known ? saved : "meeting", false);
    form.hidden = false;
    select.addEventListener("change", function () {
      write(select.value);
      apply(select.value, true);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      write(select.value);
      apply(select.value, true);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
