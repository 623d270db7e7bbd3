/*
 * Wide tables: every table in the main area sits in a container of its own that scrolls
 * sideways. When the table is wider than the container, the container becomes a labelled,
 * focusable region (so a keyboard can scroll it; WCAG 2.1.1) and shows a cue: a shadow at
 * the clipped edge and a line of text (data-scroll-cue on <body>). Cells that hold only a
 * date, an amount or a figure never wrap.
 */
(function () {
  "use strict";

  var FIGURE = /^[−+\-]?[\d.,\s\u00a0]+(%|kr\.|t\.kr\.|mio\.\s?kr\.)?$|^\d{2}-\d{2}-\d{4}( \d{2}:\d{2})?$|^\d{4}-\d{2}-\d{2}$/;

  function wrapperOf(table) {
    var parent = table.parentElement;
    if (parent.classList.contains("styrbar-scroll")) {
      return parent;
    }
    if (parent.classList.contains("table--responsive-scroll") && parent.children.length === 1) {
      parent.classList.add("styrbar-scroll");
      return parent;
    }
    var wrapper = document.createElement("div");
    wrapper.className = "styrbar-scroll";
    parent.insertBefore(wrapper, table);
    wrapper.appendChild(table);
    return wrapper;
  }

  function update(wrapper) {
    var table = wrapper.querySelector("table");
    var overflow = wrapper.scrollWidth > wrapper.clientWidth + 1;
    var cue = wrapper.previousElementSibling;
    var hasCue = cue && cue.classList.contains("styrbar-scroll-cue");
    wrapper.classList.toggle("styrbar-scroll--overflow", overflow);
    if (overflow) {
      var caption = table.querySelector("caption");
      var text = document.body.getAttribute("data-scroll-cue") || "";
      wrapper.setAttribute("tabindex", "0");
      wrapper.setAttribute("role", "region");
      wrapper.setAttribute(
        "aria-label",
        (caption ? caption.textContent.trim() + " – " : "") + text
      );
      if (!hasCue) {
        cue = document.createElement("p");
        cue.className = "styrbar-scroll-cue";
        cue.setAttribute("aria-hidden", "true");
        cue.textContent = text;
        wrapper.parentElement.insertBefore(cue, wrapper);
      }
    } else {
      wrapper.removeAttribute("tabindex");
      wrapper.removeAttribute("role");
      wrapper.removeAttribute("aria-label");
      if (hasCue) {
        cue.remove();
      }
    }
  }

  function init(root) {
    var tables = (root || document).querySelectorAll("main table");
    Array.prototype.forEach.call(tables, function (table) {
      // A table inside another table's cell scrolls with the outer one.
      if (table.hasAttribute("data-scroll-ready") || table.parentElement.closest("table")) {
        return;
      }
      table.setAttribute("data-scroll-ready", "true");
      Array.prototype.forEach.call(table.querySelectorAll("td, th"), function (cell) {
        if (!cell.children.length || cell.children.length === 1 && cell.firstElementChild.tagName === "SPAN") {
          var text = cell.textContent.trim();
          if (text && text.length < 30 && FIGURE.test(text)) {
            cell.classList.add("styrbar-nowrap");
          }
        }
      });
      var wrapper = wrapperOf(table);
      update(wrapper);
      if (window.ResizeObserver) {
        new window.ResizeObserver(function () {
          update(wrapper);
        }).observe(wrapper);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      init(document);
    });
  } else {
    init(document);
  }
  document.addEventListener("htmx:afterSettle", function () {
    init(document);
  });
  // A folded table (<details>) gets its width when opened.
  document.addEventListener("toggle", function (event) {
    Array.prototype.forEach.call(event.target.querySelectorAll(".styrbar-scroll"), update);
  }, true);
})();
