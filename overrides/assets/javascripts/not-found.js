/* The root 404 page (overrides/404.html): a missing path under /es/ is answered with the Spanish
   page, fetched and shown in place. The site's root comes from this script's data-root
   attribute; a file rather than an inline script, for the Content-Security-Policy. */
(function () {
  var root = document.currentScript.getAttribute("data-root");
  var path = location.pathname;
  var rest = path.indexOf(root) === 0 ? path.slice(root.length) : path.replace(/^\//, "");
  if (!/^es(\/|$)/.test(rest) || document.documentElement.lang === "es") return;
  var html = document.documentElement;
  html.style.visibility = "hidden";
  fetch(root + "es/404.html")
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    })
    .then(function (page) {
      document.open();
      document.write(page);
      document.close();
    })
    .catch(function () {
      html.style.visibility = "";
    });
})();
