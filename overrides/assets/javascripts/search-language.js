/* Search in the page's language (see overrides/main.html): a page of a language other than the
   default reads the search index of its own folder. The language comes from this script's
   data-lang attribute; a file rather than an inline script, for the Content-Security-Policy. */
(function () {
  var node = document.getElementById("__config");
  var config = JSON.parse(node.textContent);
  config.base = config.base.replace(/\/?$/, "/") + document.currentScript.getAttribute("data-lang") + "/";
  node.textContent = JSON.stringify(config);
})();
