/*
 * ACT signpost assistant - chat widget.
 *
 * Plain JavaScript, no framework, no dependencies. Talks to Rasa's REST channel:
 *   POST {server}/webhooks/rest/webhook  {"sender": id, "message": text}
 *   -> [{"recipient_id": id, "text": "...", "buttons": [{"title": "...", "payload": "/intent"}]}]
 *
 * Embed with one tag; the stylesheet widget.css is loaded from the same folder:
 *   <script src="/widget.js" data-server="http://localhost:5005"
 *           data-title="Ask about counter terrorism policing"></script>
 *
 * Safety: bot text is never parsed as HTML. Every node is built with
 * createElement/textContent; only http(s) URLs, bare web addresses (gov.uk/ACT)
 * and UK phone numbers become links (https: and tel: only).
 */
(function () {
  "use strict";

  var script =
    document.currentScript ||
    document.querySelector("script[src$='widget.js'][data-server]");
  if (!script || window.__actSignpostWidget) return;
  window.__actSignpostWidget = true;

  var data = script.dataset || {};
  var CONFIG = {
    server: (data.server || "http://localhost:5005").replace(/\/+$/, ""),
    title: data.title || "Ask about counter terrorism policing",
    css: data.css || new URL("widget.css", script.src || location.href).href,
    timeoutMs: parseInt(data.timeout || "30000", 10) || 30000,
    storageKey: "act-signpost-widget:v1"
  };
  var WEBHOOK = CONFIG.server + "/webhooks/rest/webhook";
  var EMERGENCY = "999";
  var REPORT_URL = "https://www.gov.uk/ACT";
  var HOTLINE = "0800 789 321";
  var MAX_HISTORY = 200;
  var ID = "actw";

  /* ------------------------------------------------------------------ */
  /* Small DOM helpers: the only way this file creates content.         */
  /* ------------------------------------------------------------------ */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key];
        if (value === null || value === undefined || value === false) return;
        if (key === "className") node.className = value;
        else if (key === "text") node.textContent = value;
        else node.setAttribute(key, value === true ? "" : String(value));
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function hidden(text) {
    return el("span", { className: "actw-visually-hidden", text: text });
  }

  /* ------------------------------------------------------------------ */
  /* Linkify: turn plain text into text nodes and safe <a> elements.    */
  /* ------------------------------------------------------------------ */

  var LINK_RE = new RegExp(
    [
      // 1: full http(s) URL
      "(https?:\\/\\/[^\\s<>\"'`]+)",
      // 2: bare web address such as gov.uk/ACT, www.example.org/page, counterterrorism.police.uk
      "((?<![\\w@.\\/-])(?:www\\.)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:uk|com|org|net)(?![\\w-])(?:\\/[^\\s<>\"'`]*)?)",
      // 3: UK phone number: 0800 789 321, 020 7946 0000, +44 800 789 321
      "((?<![\\w+.,])(?:\\+44\\s?|0)\\d{2,4}(?:[ -]?\\d{2,4}){1,3}(?![\\w]|[.,]\\d))",
      // 4: short numbers: 999, 112, 111, 101, 116 123
      "((?<![\\w+.,\\u00a3$-])(?:999|112|111|101|116 ?\\d{3})(?![\\w]|[.,]\\d))"
    ].join("|"),
    "gi"
  );

  function trimTrailing(text) {
    // Leave sentence punctuation and unbalanced closing brackets outside the link.
    var end = text.length;
    while (end > 0) {
      var ch = text.charAt(end - 1);
      if (".,;:!?'\"".indexOf(ch) !== -1) {
        end -= 1;
      } else if (ch === ")") {
        var body = text.slice(0, end);
        var open = (body.match(/\(/g) || []).length;
        var close = (body.match(/\)/g) || []).length;
        if (close > open) end -= 1;
        else break;
      } else {
        break;
      }
    }
    return text.slice(0, end);
  }

  function phoneHref(text) {
    var digits = text.replace(/[^\d+]/g, "");
    var national = digits.replace(/^\+44/, "0");
    if (/^0\d{9,10}$/.test(national) || /^(999|112|111|101|116\d{3})$/.test(digits)) {
      return "tel:" + digits;
    }
    return null;
  }

  function linkify(text) {
    var frag = document.createDocumentFragment();
    var last = 0;
    var match;
    LINK_RE.lastIndex = 0;
    while ((match = LINK_RE.exec(text)) !== null) {
      var raw = match[0];
      var start = match.index;
      var label = raw;
      var href = null;
      if (match[1] || match[2]) {
        label = trimTrailing(raw);
        if (!label) continue;
        href = match[1] ? label : "https://" + (/^gov\.uk(\/|$)/i.test(label) ? "www." : "") + label;
        if (!/^https?:\/\//i.test(href)) href = null;
      } else {
        href = phoneHref(raw);
      }
      if (!href) continue;
      if (start > last) frag.appendChild(document.createTextNode(text.slice(last, start)));
      var link = el("a", { className: "govuk-link actw__link", href: href, text: label });
      if (href.indexOf("tel:") !== 0) link.setAttribute("rel", "noreferrer");
      frag.appendChild(link);
      last = start + label.length;
      LINK_RE.lastIndex = last;
    }
    if (last < text.length) frag.appendChild(document.createTextNode(text.slice(last)));
    return frag;
  }

  /* ------------------------------------------------------------------ */
  /* State, kept in sessionStorage so a reload keeps the conversation.  */
  /* ------------------------------------------------------------------ */

  function newSenderId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (b) {
        return ("0" + b.toString(16)).slice(-2);
      })
      .join("");
  }

  function loadState() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(CONFIG.storageKey) || "null");
      if (saved && typeof saved.sender === "string" && Array.isArray(saved.messages)) {
        return { sender: saved.sender, messages: saved.messages, open: !!saved.open };
      }
    } catch (e) {
      /* storage blocked or corrupt: start afresh */
    }
    return { sender: newSenderId(), messages: [], open: false };
  }

  function saveState() {
    try {
      window.sessionStorage.setItem(
        CONFIG.storageKey,
        JSON.stringify({ sender: state.sender, open: state.open, messages: state.messages.slice(-MAX_HISTORY) })
      );
    } catch (e) {
      /* storage full or blocked: the conversation still works, it just will not survive a reload */
    }
  }

  var state = loadState();
  var busy = false;
  var failed = null; // {message, title} of the last message that could not be sent
  var ui = {};

  /* ------------------------------------------------------------------ */
  /* Building the widget                                                */
  /* ------------------------------------------------------------------ */

  function signpostLine() {
    return el("p", { className: "actw__signpost", id: ID + "-signpost" }, [
      "In an emergency call ",
      el("a", { className: "govuk-link actw__link", href: "tel:" + EMERGENCY, text: EMERGENCY }),
      ". Report at ",
      el("a", { className: "govuk-link actw__link", href: REPORT_URL, rel: "noreferrer", text: "gov.uk/ACT" })
    ]);
  }

  function build() {
    var css = document.querySelector("link[data-actw-css]");
    if (!css) {
      css = el("link", { rel: "stylesheet", href: CONFIG.css, "data-actw-css": true });
      document.head.appendChild(css);
    }

    ui.launcher = el("button", {
      type: "button",
      className: "actw__launcher",
      "aria-controls": ID + "-panel",
      "aria-haspopup": "dialog"
    }, [el("span", { className: "actw__launcher-icon", "aria-hidden": "true" }), CONFIG.title]);

    ui.title = el("h2", { className: "actw__title", id: ID + "-title", text: CONFIG.title });
    ui.clear = el("button", { type: "button", className: "actw__textbutton", text: "Clear conversation" });
    ui.close = el("button", { type: "button", className: "actw__textbutton" }, ["Close", hidden(" chat")]);
    ui.header = el("div", { className: "actw__header" }, [
      ui.title,
      el("div", { className: "actw__actions" }, [ui.clear, ui.close])
    ]);

    ui.intro = el("p", {
      className: "actw__intro",
      text:
        "This is an automated assistant. It can answer questions about counter terrorism policing " +
        "and tell you how to report something. It cannot take a report. Do not type personal details."
    });

    ui.log = el("div", {
      className: "actw__log",
      id: ID + "-log",
      role: "log",
      "aria-live": "polite",
      "aria-relevant": "additions",
      "aria-label": "Conversation",
      tabindex: "0"
    });

    ui.status = el("p", { className: "actw__status", role: "status", id: ID + "-status" });
    ui.alert = el("div", { className: "actw__alert", role: "alert", id: ID + "-alert" });

    ui.input = el("input", {
      className: "govuk-input actw__input",
      id: ID + "-input",
      name: "message",
      type: "text",
      autocomplete: "off",
      spellcheck: "true",
      maxlength: "500",
      placeholder: "Your question"
    });
    ui.send = el("button", { type: "submit", className: "govuk-button actw__send", text: "Send" });
    ui.form = el("form", { className: "actw__form", novalidate: true }, [
      el("label", { className: "govuk-label actw__label", for: ID + "-input", text: "Your question" }),
      el("div", { className: "actw__row" }, [ui.input, ui.send])
    ]);
    ui.footer = el("div", { className: "actw__footer" }, [signpostLine(), ui.form]);

    ui.panel = el("div", {
      className: "actw__panel",
      id: ID + "-panel",
      role: "dialog",
      "aria-labelledby": ID + "-title",
      hidden: true
    }, [ui.header, el("div", { className: "actw__body" }, [ui.intro, ui.log, ui.status, ui.alert]), ui.footer]);

    ui.root = el("aside", { className: "actw", "aria-label": "Chat assistant" }, [ui.launcher, ui.panel]);

    // Render saved history before the log is shown, so it is not announced again.
    state.messages.forEach(function (m, i) {
      ui.log.appendChild(renderMessage(m, i === state.messages.length - 1));
    });

    ui.launcher.addEventListener("click", function () {
      open(true);
    });
    ui.close.addEventListener("click", function () {
      close(true);
    });
    ui.clear.addEventListener("click", clearConversation);
    ui.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = ui.input.value.trim();
      if (!text) {
        ui.status.textContent = "Type a question first.";
        ui.input.focus();
        return;
      }
      if (busy) {
        ui.status.textContent = "Please wait for the answer before sending another message.";
        ui.input.focus();
        return;
      }
      ui.input.value = "";
      ui.input.focus();
      send(text, text);
    });
    document.addEventListener("keydown", function (event) {
      if ((event.key === "Escape" || event.key === "Esc") && state.open) {
        if (ui.panel.contains(document.activeElement) || isFullScreen()) {
          event.preventDefault();
          close(true);
        }
      }
    });

    // Show the widget once its stylesheet is in (no flash of an unstyled launcher);
    // if the stylesheet cannot load, show it anyway: plain, but it still works.
    if (!css.sheet) {
      ui.root.hidden = true;
      var showRoot = function () {
        if (!ui.root.hidden) return;
        ui.root.hidden = false;
        if (state.open) {
          updateScrollPadding();
          ui.panel.scrollTop = ui.panel.scrollHeight;
        }
      };
      css.addEventListener("load", showRoot);
      css.addEventListener("error", showRoot);
      window.setTimeout(showRoot, 3000);
    }
    document.body.appendChild(ui.root);
    document.documentElement.classList.add("actw-enabled");

    if (typeof ResizeObserver === "function") {
      new ResizeObserver(updateScrollPadding).observe(ui.footer);
      new ResizeObserver(updateScrollPadding).observe(ui.header);
    }
    fullScreenQuery.addEventListener && fullScreenQuery.addEventListener("change", updateModal);

    if (state.open) open(false);
  }

  /* ------------------------------------------------------------------ */
  /* Messages                                                           */
  /* ------------------------------------------------------------------ */

  function renderMessage(m, isLatest) {
    var fromBot = m.from === "bot";
    var item = el("div", { className: "actw__msg actw__msg--" + (fromBot ? "bot" : "user") }, [
      el("p", { className: "actw__who" }, [fromBot ? "Assistant" : "You", hidden(":")])
    ]);
    if (m.text) {
      var body = el("p", { className: "actw__text" });
      if (fromBot) body.appendChild(linkify(String(m.text)));
      else body.textContent = String(m.text);
      item.appendChild(body);
    }
    if (fromBot && isLatest && Array.isArray(m.buttons) && m.buttons.length) {
      item.appendChild(renderReplies(m.buttons));
    }
    return item;
  }

  function renderReplies(buttons) {
    var group = el("div", { className: "actw__replies", role: "group", "aria-label": "Suggested replies" });
    buttons.forEach(function (b) {
      if (!b || (!b.title && !b.payload)) return;
      var title = String(b.title || b.payload);
      var payload = String(b.payload || b.title);
      var button = el("button", { type: "button", className: "actw__reply", "data-payload": payload, text: title });
      button.addEventListener("click", function () {
        if (busy) {
          ui.status.textContent = "Please wait for the answer before choosing.";
          return;
        }
        removeReplies();
        ui.input.focus();
        send(payload, title);
      });
      group.appendChild(button);
    });
    return group;
  }

  function removeReplies() {
    var groups = ui.log.querySelectorAll(".actw__replies");
    Array.prototype.forEach.call(groups, function (g) {
      g.parentNode.removeChild(g);
    });
  }

  function addMessages(messages) {
    // One DOM insertion per batch, so the log announces each new message once.
    if (!messages.length) return;
    removeReplies();
    var frag = document.createDocumentFragment();
    var first = null;
    messages.forEach(function (m, i) {
      state.messages.push(m);
      var node = renderMessage(m, i === messages.length - 1);
      if (!first) first = node;
      frag.appendChild(node);
    });
    if (state.messages.length > MAX_HISTORY) state.messages = state.messages.slice(-MAX_HISTORY);
    ui.log.appendChild(frag);
    saveState();
    reveal(first);
  }

  /* ------------------------------------------------------------------ */
  /* Talking to Rasa                                                    */
  /* ------------------------------------------------------------------ */

  function send(message, shownAs, isRetry) {
    if (!isRetry) addMessages([{ from: "user", text: shownAs }]);
    setError(null);
    setBusy(true);

    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, CONFIG.timeoutMs) : null;

    fetch(WEBHOOK, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: state.sender, message: message }),
      credentials: "omit",
      cache: "no-store",
      signal: controller ? controller.signal : undefined
    })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (replies) {
        if (!Array.isArray(replies)) throw new Error("Unexpected reply");
        var messages = [];
        replies.forEach(function (r) {
          if (!r || typeof r !== "object") return;
          var text = typeof r.text === "string" ? r.text : "";
          var buttons = Array.isArray(r.buttons)
            ? r.buttons
                .filter(function (b) { return b && (b.title || b.payload); })
                .map(function (b) { return { title: String(b.title || b.payload), payload: String(b.payload || b.title) }; })
            : [];
          if (text || buttons.length) messages.push({ from: "bot", text: text, buttons: buttons });
        });
        failed = null;
        setBusy(false);
        if (messages.length) {
          addMessages(messages);
        } else {
          ui.status.textContent = "The assistant did not answer that. Try asking in a different way.";
        }
      })
      .catch(function () {
        failed = { message: message, title: shownAs };
        setBusy(false);
        setError(true);
      })
      .then(function () {
        if (timer) window.clearTimeout(timer);
      });
  }

  function setBusy(on) {
    busy = on;
    ui.panel.setAttribute("aria-busy", on ? "true" : "false");
    ui.status.textContent = "";
    ui.status.classList.toggle("actw__status--typing", on);
    if (on) {
      ui.status.appendChild(document.createTextNode("The assistant is typing"));
      ui.status.appendChild(
        el("span", { className: "actw__dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")])
      );
      reveal(ui.status);
    }
  }

  function setError(on) {
    ui.alert.textContent = "";
    ui.alert.classList.toggle("actw__alert--shown", !!on);
    if (!on) return;
    var retry = el("button", { type: "button", className: "govuk-button govuk-button--secondary actw__retry", text: "Try again" });
    retry.addEventListener("click", function () {
      if (!failed || busy) return;
      ui.input.focus();
      send(failed.message, failed.title, true);
    });
    var signposts = el("p", { className: "actw__alert-text" });
    signposts.appendChild(linkify(
      "In an emergency call 999. To report something suspicious, go to gov.uk/ACT " +
      "or call the anti-terrorist hotline on " + HOTLINE + "."
    ));
    ui.alert.appendChild(el("h3", { className: "actw__alert-title", text: "Sorry, the assistant cannot be reached" }));
    ui.alert.appendChild(el("p", { className: "actw__alert-text", text: "Your message was not sent. Check your connection and try again." }));
    ui.alert.appendChild(signposts);
    ui.alert.appendChild(retry);
    reveal(ui.alert);
  }

  function clearConversation() {
    state = { sender: newSenderId(), messages: [], open: true };
    failed = null;
    busy = false;
    ui.log.textContent = "";
    setError(null);
    saveState();
    ui.status.classList.remove("actw__status--typing");
    ui.status.textContent = "Conversation cleared.";
    ui.input.value = "";
    ui.input.focus();
    ui.panel.scrollTop = 0;
  }

  /* ------------------------------------------------------------------ */
  /* Opening, closing, scrolling                                        */
  /* ------------------------------------------------------------------ */

  var fullScreenQuery = window.matchMedia("(max-width: 40.0525em), (max-height: 30em)");
  var madeInert = [];

  function isFullScreen() {
    return fullScreenQuery.matches;
  }

  function updateModal() {
    // Full screen, the panel covers the page: make the page inert so focus cannot hide behind it.
    madeInert.forEach(function (node) { node.inert = false; });
    madeInert = [];
    var modal = state.open && isFullScreen();
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

  function open(moveFocus) {
    state.open = true;
    ui.panel.hidden = false;
    ui.root.classList.add("actw--open");
    ui.launcher.hidden = true;
    saveState();
    updateModal();
    updateScrollPadding();
    ui.panel.scrollTop = ui.panel.scrollHeight;
    if (moveFocus) ui.input.focus();
  }

  function close(moveFocus) {
    state.open = false;
    ui.panel.hidden = true;
    ui.root.classList.remove("actw--open");
    ui.launcher.hidden = false;
    saveState();
    updateModal();
    if (moveFocus) ui.launcher.focus();
  }

  function stickyHeaderHeight() {
    return window.getComputedStyle(ui.header).position === "sticky" ? ui.header.offsetHeight : 0;
  }

  function updateScrollPadding() {
    // Keep focused items in the conversation clear of the sticky header and footer (WCAG 2.4.11).
    if (!ui.panel || ui.panel.hidden) return;
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

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", build);
  } else {
    build();
  }
})();
