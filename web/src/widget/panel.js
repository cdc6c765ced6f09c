/*
 * The panel: opening, closing, full-window mode on small screens, and scrolling new
 * content into view. makePanel(ui, isOpen, setOpen) -> {open, close, reveal, ...}.
 */
/* exported makePanel */

function makePanel(ui, isOpen, setOpen) {
  var fullScreenQuery = window.matchMedia("(max-width: 40.0525em), (max-height: 30em)");
  var madeInert = [];

  function isFullScreen() {
    return fullScreenQuery.matches;
  }

  function updateModal() {
    // Full screen, the panel covers the page: make the page inert so focus cannot hide behind it.
    madeInert.forEach(function (node) {
      node.inert = false;
    });
    madeInert = [];
    var modal = isOpen() && isFullScreen();
    ui.panel.setAttribute("aria-modal", modal ? "true" : "false");
    document.documentElement.classList.toggle("actw-modal-open", modal);
    if (!modal) return;
    Array.prototype.forEach.call(document.body.children, function (node) {
      if (node !== ui.root && !node.inert && node.tagName !== "SCRIPT") {
        node.inert = true;
        madeInert.push(node);
      }
    });
  }

  function stickyHeaderHeight() {
    return window.getComputedStyle(ui.header).position === "sticky" ? ui.header.offsetHeight : 0;
  }

  function updateScrollPadding() {
    // Keep focused items in the conversation clear of the sticky header and footer (WCAG 2.4.11).
    if (ui.panel.hidden) return;
    ui.panel.style.scrollPaddingTop = stickyHeaderHeight() + 8 + "px";
    ui.panel.style.scrollPaddingBottom = ui.footer.offsetHeight + 8 + "px";
  }

  function reveal(node) {
    // Scroll to the newest content, but never past the start of a long answer.
    if (!node || ui.panel.hidden) return;
    var panel = ui.panel;
    panel.scrollTop = panel.scrollHeight;
    var top = node.getBoundingClientRect().top;
    var limit = panel.getBoundingClientRect().top + stickyHeaderHeight() + 8;
    if (top < limit) panel.scrollTop -= limit - top;
  }

  function scrollToEnd() {
    updateScrollPadding();
    ui.panel.scrollTop = ui.panel.scrollHeight;
  }

  function open(moveFocus) {
    setOpen(true);
    ui.panel.hidden = false;
    ui.root.classList.add("actw--open");
    ui.launcher.hidden = true;
    updateModal();
    scrollToEnd();
    if (moveFocus) ui.input.focus();
  }

  function close(moveFocus) {
    setOpen(false);
    ui.panel.hidden = true;
    ui.root.classList.remove("actw--open");
    ui.launcher.hidden = false;
    updateModal();
    if (moveFocus) ui.launcher.focus();
  }

  function watch() {
    // ResizeObserver is newer than the baseline (Safari 13.1): without it the padding is set on open.
    if (typeof ResizeObserver === "function") {
      var observer = new ResizeObserver(updateScrollPadding);
      observer.observe(ui.footer);
      observer.observe(ui.header);
    }
    // MediaQueryList.addEventListener is Safari 14+; addListener is the older name.
    if (fullScreenQuery.addEventListener) fullScreenQuery.addEventListener("change", updateModal);
    else if (fullScreenQuery.addListener) fullScreenQuery.addListener(updateModal);
  }

  return {
    open: open,
    close: close,
    reveal: reveal,
    scrollToEnd: scrollToEnd,
    isFullScreen: isFullScreen,
    watch: watch
  };
}
