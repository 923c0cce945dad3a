// Writers: the page script (served from our origin, so the Content-Security-Policy allows it
// without 'unsafe-inline' or 'unsafe-eval'). Loaded in <head>, before React draws.
(function () {
  "use strict";
  var root = document.documentElement;

  // 1. Direction and language before the first paint, from the language cookie.
  function apply(lang) {
    lang = lang === "fa" ? "fa" : "en";
    root.lang = lang;
    root.dir = lang === "fa" ? "rtl" : "ltr";
  }
  var m = document.cookie.match(/(?:^|; )writers_lang=([^;]+)/);
  apply(m && m[1]);

  // 1a. Logging in hands over the account's colour scheme in a one-time cookie: kept where
  //     Reflex's colour mode reads it (localStorage "theme") and applied now, so a browser the
  //     writer has not used before draws the page dark (or light) from the first paint.
  var scheme = document.cookie.match(/(?:^|; )writers_theme=(system|light|dark)(?:;|$)/);
  if (scheme) {
    try { localStorage.setItem("theme", scheme[1]); } catch (e) { /* storage off: this page only */ }
    document.cookie = "writers_theme=; Max-Age=0; Path=/; SameSite=Lax";
    var dark = scheme[1] === "dark" ||
      (scheme[1] === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
    root.classList.remove("light", "dark");
    root.classList.add(dark ? "dark" : "light");
    root.style.colorScheme = dark ? "dark" : "light";
  }

  // 1b. The font the page's language draws first, fetched now rather than once the style sheet
  //     is parsed and the text laid out (the @font-face rules are in styles.css).
  var font = document.createElement("link");
  font.rel = "preload";
  font.as = "font";
  font.type = "font/woff2";
  font.crossOrigin = "anonymous";
  font.href = "/fonts/vazirmatn-" + (root.lang === "fa" ? "arabic" : "latin") + "-wght400-700.woff2";
  document.head.appendChild(font);

  // 2. Then follow the language the app renders on #page-root (the language switch). Pages
  //    replace #page-root as one navigates, so watch `lang` attributes under <body>.
  function follow() {
    var page = document.getElementById("page-root");
    if (page) apply(page.getAttribute("lang"));
    new MutationObserver(function (records) {
      for (var i = 0; i < records.length; i++) {
        if (records[i].target.id === "page-root") apply(records[i].target.getAttribute("lang"));
      }
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["lang"] });
  }

  // 3. After a refused form POST the server redirects back with what was typed in the query
  //    (never a password): fill the empty inputs marked data-prefill="<query key>".
  function prefill() {
    var query = new URLSearchParams(window.location.search);
    document.querySelectorAll("input[data-prefill]").forEach(function (input) {
      var value = query.get(input.getAttribute("data-prefill"));
      if (value && !input.value) input.value = value;
    });
  }

  // 4. The keyboard-shortcuts sheet (components/shortcuts.py) opens with "?" where that key would
  //    not type a character (outside fields and the editor; «؟» on a Persian layout), and with
  //    Ctrl/Cmd+/ anywhere, the editor included: both press the page's own button for it.
  function typing(el) {
    return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }
  document.addEventListener("keydown", function (event) {
    var button = document.getElementById("shortcuts-open");
    if (!button || event.defaultPrevented || event.isComposing || event.altKey) return;
    var mod = event.ctrlKey || event.metaKey;
    var slash = mod && (event.key === "/" || event.code === "Slash");
    var question = !mod && (event.key === "?" || event.key === "\u061f") && !typing(event.target);
    if (!slash && !question) return;
    if (document.querySelector('[role="dialog"], [role="alertdialog"]')) return; // one dialog at a time
    event.preventDefault();
    button.click();
  });

  function start() {
    prefill();
    follow();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
