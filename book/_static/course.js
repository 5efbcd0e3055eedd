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

  var observer = new MutationObserver(fixAll);
  document.addEventListener("DOMContentLoaded", function () {
    fixAll();
    fixButtonNames(document);
    observer.observe(document.body, { childList: true, subtree: true });
  });
})();
