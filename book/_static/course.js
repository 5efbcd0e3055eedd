/* Accessibility fixes for third-party widgets, applied as they are drawn. */
(function () {
  "use strict";

  // jupyterquiz draws a "Type numeric answer here" label that is not tied to its input,
  // and feedback that screen readers do not announce.
  function fixQuiz(root) {
    root.querySelectorAll(".Quiz").forEach(function (quiz) {
      var input = quiz.querySelector("input.Input-text");
      var label = quiz.querySelector("label.InpLabel");
      if (input && label && input.id && !label.htmlFor) { label.htmlFor = input.id; }
      // jupyterquiz blocks pasting into numeric answers (onpaste returns false); a reader may
      // paste a number worked out elsewhere, and blocking paste hinders assistive input.
      if (input && input.onpaste) { input.onpaste = null; }
      var fb = quiz.querySelector(".Feedback");
      if (fb && !fb.hasAttribute("aria-live")) { fb.setAttribute("aria-live", "polite"); }
    });
  }

  // Theme buttons whose aria-label hides their visible text (WCAG 2.5.3, label in name):
  // name them by what they show, e.g. "Search Ctrl + K".
  function fixButtonNames(root) {
    root.querySelectorAll(".search-button-field").forEach(function (el) {
      var visible = (el.innerText || "").replace(/\s+/g, " ").trim();
      var label = el.getAttribute("aria-label") || "";
      if (visible && label.indexOf(visible) === -1) {
        el.setAttribute("aria-label", label && visible.indexOf(label) === -1 ? label + " " + visible : visible);
      }
    });
  }

  // Cell toggles ("Show code cell source") carry a fixed aria-label that hides their
  // visible, changing text; their content names them correctly without it.
  function fixToggleNames(root) {
    root.querySelectorAll("details > summary[aria-label]").forEach(function (el) {
      var visible = (el.innerText || "").replace(/\s+/g, " ").trim();
      if (visible && visible.indexOf(el.getAttribute("aria-label")) === -1) {
        el.removeAttribute("aria-label");
      }
    });
  }

  // ipywidgets slider handles carry no name; give them their widget's visible label.
  function fixWidgetSliders(root) {
    root.querySelectorAll(".noUi-handle:not([aria-label])").forEach(function (handle) {
      var widget = handle.closest(".widget-slider, .jupyter-widget-slider, .widget-hslider, .widget-inline-hbox");
      var text = widget && widget.querySelector(".widget-label");
      handle.setAttribute("aria-label", text && text.innerText.trim() ? text.innerText.trim() : "slider");
    });
  }

  function fixAll() { fixQuiz(document); fixWidgetSliders(document); fixToggleNames(document); }

  // Sidebar buttons. pydata-sphinx-theme 0.17 (and sphinx-book-theme 1.3's wide-screen fix)
  // bind their click handlers to the FIRST .primary-toggle / .secondary-toggle of the page,
  // the pydata header's, which sphinx-book-theme hides; the visible buttons in the article
  // header get none, so the chapter list and the contents panel never open on phones and
  // tablets, and the sidebar never collapses on desktop (upstream:
  // https://github.com/pydata/pydata-sphinx-theme/issues/2451). Each other toggle passes its
  // click to the bound one, which opens the dialog (narrow) or hides the sidebar (>= 992 px).
  // requirements.txt pins the theme versions this was written for: when the upstream fix is
  // released and pinned, delete this function (tests/browser/test_reading.py keeps checking).
  function forwardSidebarToggles() {
    [".primary-toggle", ".secondary-toggle"].forEach(function (selector) {
      var toggles = document.querySelectorAll(selector);
      var bound = toggles[0];
      Array.prototype.slice.call(toggles, 1).forEach(function (button) {
        if (button.dataset.npForwarded) { return; }
        button.dataset.npForwarded = "1";
        button.addEventListener("click", function (event) {
          event.preventDefault();
          event.stopPropagation();
          bound.click();
          var sidebar = document.getElementById("pst-primary-sidebar");
          if (selector === ".primary-toggle" && sidebar && window.matchMedia("(min-width: 992px)").matches) {
            button.setAttribute("aria-expanded", sidebar.classList.contains("pst-sidebar-hidden") ? "false" : "true");
          }
        });
      });
    });
  }


  // --- Glossary page: an A-Z bar and a filter ------------------------------------------
  // The A-Z bar and the filter box are written into the page at build time
  // (npcourse_book.sphinxext.glossary_tools), so they take their room before first paint;
  // here the filter is wired up.
  function glossaryTools() {
    var list = document.querySelector("dl.glossary");
    var tools = document.querySelector(".np-glossary-tools");
    var input = tools && tools.querySelector(".np-glossary-filter");
    var count = tools && tools.querySelector(".np-glossary-count");
    if (!list || !input || !count || input.dataset.npWired) { return; }
    input.dataset.npWired = "1";
    var terms = Array.prototype.filter.call(list.children, function (el) { return el.tagName === "DT"; });
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      var shown = 0;
      terms.forEach(function (dt) {
        var dd = dt.nextElementSibling;
        var text = (dt.textContent + " " + (dd ? dd.textContent : "")).toLowerCase();
        var hit = !q || text.indexOf(q) !== -1;
        dt.hidden = !hit;
        if (dd && dd.tagName === "DD") { dd.hidden = !hit; }
        if (hit) { shown += 1; }
      });
      count.textContent = q ? shown + " of " + terms.length + " terms" : "";
    });
  }

  // --- Previews of glossary terms and citations on hover, focus and tap -----------------
  // A maintained Sphinx extension was considered (sphinx-tippy: last release 2024, builds
  // its tips by fetching pages at build time); this small script needs no build step: it
  // reads the definition from the glossary page (fetched once, same site, works offline)
  // and a citation from the reference list of the page the link points at.
  var pageCache = {};
  function fetchPage(url) {
    if (!pageCache[url]) {
      pageCache[url] = fetch(url).then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (t) { return new DOMParser().parseFromString(t, "text/html"); });
    }
    return pageCache[url];
  }

  function previewContent(link) {
    var url = new URL(link.href, document.baseURI);
    var id = decodeURIComponent(url.hash.slice(1));
    if (!id) { return Promise.resolve(null); }
    var samePage = url.pathname === window.location.pathname;
    var docP = samePage ? Promise.resolve(document) : fetchPage(url.href.split("#")[0]);
    return docP.then(function (doc) {
      var target = doc.getElementById(id);
      if (!target) { return null; }
      var box = document.createElement("div");
      if (target.tagName === "DT") {
        var term = document.createElement("p");
        var strong = document.createElement("strong");
        strong.textContent = target.textContent.replace(/\s*¶?\s*$/, "").trim();
        term.appendChild(strong);
        box.appendChild(term);
        var dd = target.nextElementSibling;
        var def = document.createElement("p");
        def.textContent = dd ? dd.textContent.trim() : "";
        box.appendChild(def);
      } else {
        var cite = target.closest(".citation") || target;
        var p = document.createElement("p");
        var clone = cite.cloneNode(true);
        clone.querySelectorAll(".backrefs, .fn-backref, span.label").forEach(function (e) { e.remove(); });
        p.textContent = clone.textContent.replace(/\s+/g, " ").trim();
        box.appendChild(p);
      }
      return box;
    });
  }

  var current = null;
  function closePreview() {
    if (current) {
      current.link.removeAttribute("aria-describedby");
      current.box.remove();
      current = null;
    }
  }

  function openPreview(link, tapped) {
    if (current && current.link === link) { return; }
    closePreview();
    previewContent(link).then(function (content) {
      if (!content) { return; }
      closePreview();
      var box = document.createElement("div");
      box.className = "np-preview";
      box.id = "np-preview";
      box.setAttribute("role", "tooltip");
      box.appendChild(content);
      if (tapped) {
        var more = document.createElement("a");
        more.href = link.href;
        more.className = "np-preview-more";
        more.textContent = link.classList.contains("np-term") ? "Open in the glossary" : "Go to the reference";
        box.appendChild(more);
      }
      document.body.appendChild(box);
      var r = link.getBoundingClientRect();
      var width = box.offsetWidth;
      var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
      box.style.left = left + "px";
      box.style.top = (r.bottom + window.scrollY + 6) + "px";
      link.setAttribute("aria-describedby", "np-preview");
      current = { link: link, box: box };
    });
  }

  function previewLinks() {
    var links = document.querySelectorAll(".bd-article a[href*='glossary.html#term-'], .bd-article a[href*='#term-'], .bd-article span.cite a, .bd-article a.reference[href^='#'][role='doc-biblioref']");
    var lastPointer = "mouse";
    document.addEventListener("pointerdown", function (e) {
      lastPointer = e.pointerType;
      if (current && !current.box.contains(e.target) && e.target.closest("a") !== current.link) { closePreview(); }
    }, true);
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") { closePreview(); } });
    links.forEach(function (link) {
      if (link.dataset.npPreview || link.closest(".np-glossary-tools")) { return; }
      link.dataset.npPreview = "1";
      if (/#term-/.test(link.getAttribute("href"))) { link.classList.add("np-term"); }
      link.addEventListener("mouseenter", function () { if (lastPointer === "mouse") { openPreview(link, false); } });
      link.addEventListener("mouseleave", function () { if (lastPointer === "mouse") { setTimeout(function () {
        if (current && current.link === link && !current.box.matches(":hover")) { closePreview(); } }, 250); } });
      link.addEventListener("focus", function () { openPreview(link, false); });
      link.addEventListener("blur", function () { setTimeout(function () {
        if (current && current.link === link && !current.box.contains(document.activeElement)) { closePreview(); } }, 150); });
      // Tap: the first tap shows the preview (with a link onwards), a second tap follows it.
      link.addEventListener("click", function (e) {
        if (lastPointer !== "touch" && lastPointer !== "pen") { return; }
        if (current && current.link === link) { return; }
        e.preventDefault();
        openPreview(link, true);
      });
    });
  }

  // --- MathJax: only on pages with maths, loaded after the page is parsed (issue 17) --------
  // The build takes MathJax off every page and gives a page with maths a
  // <meta name="np-mathjax"> (npcourse_book.sphinxext.defer_mathjax). This is also the one
  // guard for jupyterquiz, which typesets each quiz when a global MathJax exists: on a slow
  // phone it found the bare configuration object before MathJax had loaded and read
  // MathJax.version[0] from it (TypeError). Now no MathJax exists while the quizzes are drawn
  // (they are drawn as the page is parsed), and until the real MathJax replaces it the
  // configuration answers jupyterquiz's later look-ups (feedback after an answer) with an empty
  // version and a typeset that does nothing. Quiz text holds no maths (npcourse.ui.quiz rejects
  // maths delimiters), so nothing is left untypeset.
  function mathJaxLoader() {
    var meta = document.querySelector('meta[name="np-mathjax"]');
    if (!meta || window.MathJax) { return; }
    var config = JSON.parse(meta.getAttribute("data-config") || "{}");
    ["version", "typeset"].forEach(function (key) {
      Object.defineProperty(config, key, { value: key === "version" ? "" : function () {}, enumerable: false,
        configurable: true });
    });
    window.MathJax = config;
    var src = meta.getAttribute("content");
    var root = new URL(document.documentElement.dataset.content_root || "./", document.baseURI);
    function load() {
      if (document.getElementById("MathJax-script")) { return; }
      var script = document.createElement("script");
      script.id = "MathJax-script";
      script.async = true;
      script.src = /^(https?:)?\/\//.test(src) ? src : new URL(src, root).href;
      document.head.appendChild(script);
    }
    // MathJax (about 2 MB) loads when the first formula comes within a screen of view, like the
    // charts: a phone opening a chapter whose maths is further down does not pay for it upfront.
    var formulas = document.querySelectorAll(".math, .MathJax_Preview, mjx-container");
    if (!formulas.length || !("IntersectionObserver" in window)) { load(); return; }
    var io = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) { io.disconnect(); load(); }
    }, { rootMargin: "400px 0px" });
    formulas.forEach(function (f) { io.observe(f); });
  }

  // --- Charts: a build-time picture first, the live chart when the reader gets there (issue 17) --
  // Each chart arrives as an SVG of its first state with stand-ins for its controls
  // (npcourse.ui.charts.static_html). Vega, Vega-Lite and vega-embed load once per page, when a
  // chart comes within about a screen of view or a reader touches a stand-in control; each
  // chart is then drawn live out of sight at the picture's place and swapped in when drawn,
  // its box held at the picture's height meanwhile so nothing below it moves. A value a reader
  // set on a stand-in before that carries over to the live chart.
  var vegaReady = null;
  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(s);
    });
  }
  function loadVega(box) {
    if (vegaReady) { return vegaReady; }
    var url = function (lib) { return new URL(box.getAttribute("data-" + lib), document.baseURI).href; };
    if (window.vegaEmbed) {
      vegaReady = Promise.resolve(window.vegaEmbed);
    } else if (typeof window.define === "function" && window.define.amd && window.requirejs) {
      // A page with widgets has require.js: the UMD bundles must be loaded as its modules.
      window.requirejs.config({ paths: { "vega": url("vega"), "vega-lite": url("vega-lite"),
        "vega-embed": url("vega-embed") } });
      vegaReady = new Promise(function (resolve, reject) { window.require(["vega-embed"], resolve, reject); });
    } else {
      vegaReady = loadScript(url("vega")).then(function () { return loadScript(url("vega-lite")); })
        .then(function () { return loadScript(url("vega-embed")); })
        .then(function () { return window.vegaEmbed; });
    }
    return vegaReady;
  }

  function standInValues(box) {
    var values = {};
    box.querySelectorAll(".vega-bindings [name]").forEach(function (el) {
      if (!el.dataset.npTouched) { return; }
      if (el.type === "checkbox") { values[el.name] = el.checked; }
      else if (el.type === "radio") { if (el.checked) { values[el.name] = el.value; } }
      else if (el.type === "range") { values[el.name] = +el.value; }
      else { values[el.name] = el.value; }
    });
    return values;
  }

  // Controls that do something only in some states (npcourse.ui.charts.finish, active_when:
  // {control: condition}, or a list of conditions that must all hold; a condition is
  // [other control, [values]] or [control a, comparison, control b]) are disabled and greyed
  // while a condition fails, on every change of a control it reads.
  var COMPARE = {
    ">": function (a, b) { return a > b; }, ">=": function (a, b) { return a >= b; },
    "<": function (a, b) { return a < b; }, "<=": function (a, b) { return a <= b; },
    "!=": function (a, b) { return a !== b; }
  };
  function activeWhen(root, view, spec) {
    var rules = (spec.usermeta || {}).npcourseActiveWhen || {};
    Object.keys(rules).forEach(function (name) {
      var conditions = typeof rules[name][0] === "string" ? [rules[name]] : rules[name];
      var holds = function (c) {
        try {
          if (c.length === 3) { return COMPARE[c[1]](view.signal(c[0]), view.signal(c[2])); }
          return c[1].indexOf(view.signal(c[0])) >= 0;
        } catch (e) { return true; }
      };
      var apply = function () {
        var on = conditions.every(holds);
        root.querySelectorAll('.vega-bindings [name="' + name + '"]').forEach(function (el) {
          el.disabled = !on;
          var bind = el.closest(".vega-bind");
          if (bind) { bind.classList.toggle("np-bind-off", !on); }
        });
      };
      conditions.forEach(function (c) {
        (c.length === 3 ? [c[0], c[2]] : [c[0]]).forEach(function (signal) {
          try { view.addSignalListener(signal, apply); } catch (e) { /* no such control */ }
        });
      });
      apply();
    });
  }

  // The layout that fits the box: the phone spec (charts.fit_narrow) when the box is narrower
  // than the desktop picture, as course.css shows the phone picture (np-fit-N, N = that width
  // rounded down to 20 px).
  function wantsNarrow(box, data) {
    var fit = /\bnp-fit-(\d+)\b/.exec(box.className);
    return !!(data.narrow && fit && box.getBoundingClientRect().width < +fit[1]);
  }
  function specFor(data, narrow) {
    if (!narrow) { return data.spec; }
    var spec = Object.assign({}, data.narrow);
    if (data.spec.datasets) { spec.datasets = data.spec.datasets; }
    return spec;
  }

  function embed(box, data, narrow, values) {
    return loadVega(box).then(function (vegaEmbed) {
      var live = document.createElement("div");
      live.className = "np-chart-live";
      box.style.minHeight = box.offsetHeight + "px";
      box.appendChild(live);
      var spec = specFor(data, narrow);
      return vegaEmbed(live, spec, data.options).then(function (result) {
        // First drawing: the values set on the stand-ins by now (a key press after the focus
        // that started the drawing counts too); a redrawing: the live chart's values.
        values = values || standInValues(box);
        Object.keys(values).forEach(function (name) {
          try { result.view.signal(name, values[name]); } catch (e) { /* not a signal */ }
        });
        // The rules travel in the desktop spec; the phone layout binds the same controls.
        activeWhen(live, result.view, data.spec);
        return result.view.runAsync().then(function () {
          box.querySelectorAll(":scope > .np-chart-picture, :scope > .vega-bindings, :scope > .np-chart-live.np-chart-shown")
            .forEach(function (el) { el.remove(); });
          if (box.npView) { box.npView.finalize(); }
          box.npView = result.view;
          box.dataset.npLayout = narrow ? "narrow" : "wide";
          live.classList.add("np-chart-shown");
          box.dataset.npLive = "1";
          box.style.minHeight = "";
          // Tell the page's fixes (named controls, unnamed mark containers) that the chart changed.
          box.dispatchEvent(new CustomEvent("np-chart-live", { bubbles: true }));
        });
      });
    });
  }

  // The values of the live chart's controls, to carry over when it is drawn in the other layout.
  function liveValues(box, data) {
    var values = {};
    if (!box.npView) { return values; }
    box.querySelectorAll(".np-chart-live.np-chart-shown .vega-bindings [name]").forEach(function (el) {
      try { values[el.name] = box.npView.signal(el.name); } catch (e) { /* not a signal */ }
    });
    return values;
  }

  function goLive(box) {
    if (box.dataset.npLive) { return; }
    box.dataset.npLive = "loading";
    var script = box.parentNode.querySelector("script.np-chart-spec");
    var data = JSON.parse(script.textContent);
    embed(box, data, wantsNarrow(box, data), null).then(function () {
      if (!data.narrow || !("ResizeObserver" in window)) { return; }
      // A column that crosses the chart's width (a phone turned, a window resized) gets the
      // other layout, with the reader's control values.
      var busy = false;
      new ResizeObserver(function () {
        var narrow = wantsNarrow(box, data);
        if (busy || (narrow ? "narrow" : "wide") === box.dataset.npLayout) { return; }
        busy = true;
        embed(box, data, narrow, liveValues(box, data)).then(function () { busy = false; },
          function (err) { busy = false; console.warn("chart not redrawn: " + err.message); });
      }).observe(box);
    }).catch(function (err) {
      box.dataset.npLive = "";
      console.warn("chart stays a picture: " + err.message);
    });
  }

  function lazyCharts() {
    var boxes = document.querySelectorAll("[data-np-chart]");
    if (!boxes.length) { return; }
    boxes.forEach(function (box) {
      ["pointerdown", "focusin", "keydown", "input", "change"].forEach(function (type) {
        box.addEventListener(type, function (e) {
          if (e.target && e.target.name && type !== "focusin") { e.target.dataset.npTouched = "1"; }
          goLive(box);
        }, { passive: true });
      });
    });
    if (!("IntersectionObserver" in window)) { boxes.forEach(goLive); return; }
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { io.unobserve(entry.target); goLive(entry.target); }
      });
    }, { rootMargin: "200px 0px" });
    boxes.forEach(function (box) { io.observe(box); });
  }

  // Tables written in Markdown (in the chapters' text) are stacked as cards on phones like
  // the course's own tables (course.css): each cell is given its column's name to show above
  // it, and the class that carries the card styles. (npcourse.ui.tables writes the same for
  // the tables it draws; tests/browser/test_layout_tables.py measures both.)
  function labelTables() {
    document.querySelectorAll(".bd-article table:not(.np-table)").forEach(function (table) {
      var head = table.querySelector("thead tr");
      if (!head || table.querySelector("table")) { return; }
      var names = Array.prototype.map.call(head.children, function (th) { return th.textContent.trim(); });
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        Array.prototype.forEach.call(tr.children, function (cell, i) {
          if (names[i]) { cell.setAttribute("data-label", names[i]); }
        });
      });
      table.classList.add("np-table", "np-table--md");
    });
  }

  var observer = new MutationObserver(fixAll);
  document.addEventListener("DOMContentLoaded", function () {
    mathJaxLoader();
    lazyCharts();
    fixAll();
    fixButtonNames(document);
    forwardSidebarToggles();
    glossaryTools();
    labelTables();
    previewLinks();
    observer.observe(document.body, { childList: true, subtree: true });
  });
})();
