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

  var observer = new MutationObserver(fixAll);
  document.addEventListener("DOMContentLoaded", function () {
    fixAll();
    fixButtonNames(document);
    forwardSidebarToggles();
    observer.observe(document.body, { childList: true, subtree: true });
  });
})();
