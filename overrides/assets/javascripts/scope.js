/* Material's first script (partials/javascripts/base.html of mkdocs-material 9.8), loaded as a
   file so that the Content-Security-Policy needs no per-page hash. The scope, where Material keeps
   its settings (palette, search), is the site's root: two folders up from this file. */
__md_scope = new URL("../../", document.currentScript.src);
__md_hash = (e) => [...e].reduce((e, _) => (e << 5) - e + _.charCodeAt(0), 0);
__md_get = (e, _ = localStorage, t = __md_scope) => JSON.parse(_.getItem(t.pathname + "." + e));
__md_set = (e, _, t = localStorage, a = __md_scope) => {
  try {
    t.setItem(a.pathname + "." + e, JSON.stringify(_));
  } catch (e) {}
};
