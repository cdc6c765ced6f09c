/*
 * ACT signpost assistant - chat widget: start-up, events and talking to Rasa.
 *
 * Talks to Rasa's REST channel:
 *   POST {webhook} {"sender": id, "message": text}
 *   -> [{"recipient_id": id, "text": "...", "buttons": [{"title": "...", "payload": "/intent"}]}]
 * The webhook is /webhooks/rest/webhook on the page's own origin, or on data-server if given.
 *
 * Embed with one tag; the stylesheet widget.css is loaded from the same folder:
 *   <script src="/widget.js" data-title="Ask about counter terrorism policing"></script>
 *
 * mk/web.mk builds dist/widget.js from config.js, links.js, storage.js, dom.js, panel.js and
 * this file, in that order, inside one function, after `var WIDGET_BUILD = {maxChars: ...}`.
 */
/* global WIDGET_BUILD, STRINGS, readConfig, newSenderId, loadState, saveState, MAX_HISTORY */
/* global el, renderMessage, buildError, typingNodes, buildUi, makePanel */

function sessionStore() {
  try {
    return window.sessionStorage;
  } catch (e) {
    return null; // blocked by the browser's settings: the widget works, without reloads
  }
}

// Only what the widget can show: text and {title, payload} buttons, as strings.
function parseReplies(replies) {
  if (!Array.isArray(replies)) throw new Error("Unexpected reply");
  var messages = [];
  replies.forEach(function (r) {
    if (!r || typeof r !== "object") return;
    var text = typeof r.text === "string" ? r.text : "";
    var buttons = (Array.isArray(r.buttons) ? r.buttons : [])
      .filter(function (b) {
        return b && (b.title || b.payload);
      })
      .map(function (b) {
        return { title: String(b.title || b.payload), payload: String(b.payload || b.title) };
      });
    if (text || buttons.length) messages.push({ from: "bot", text: text, buttons: buttons });
  });
  return messages;
}

function startWidget(script) {
  var config = readConfig(script.dataset, script.src, window.location.href, WIDGET_BUILD);
  var storage = sessionStore();
  var makeId = function () {
    return newSenderId(window.crypto);
  };
  var state = loadState(storage, config.storageKey, config.oldStorageKeys, makeId);
  var busy = false;
  var failed = null; // {message, title, choice} of the last message that could not be sent
  var ui = buildUi(config);
  var panel = makePanel(ui, function () {
    return state.open;
  }, function (isOpen) {
    state.open = isOpen;
    saveState(storage, config.storageKey, state);
  });

  function removeReplies() {
    Array.prototype.forEach.call(ui.log.querySelectorAll(".actw__replies"), function (g) {
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
      var node = renderMessage(m, i === messages.length - 1, choose);
      first = first || node;
      frag.appendChild(node);
    });
    if (state.messages.length > MAX_HISTORY) state.messages = state.messages.slice(-MAX_HISTORY);
    ui.log.appendChild(frag);
    saveState(storage, config.storageKey, state);
    panel.reveal(first);
  }

  function setBusy(on) {
    busy = on;
    ui.panel.setAttribute("aria-busy", on ? "true" : "false");
    ui.status.textContent = "";
    ui.status.classList.toggle("actw__status--typing", on);
    if (on) {
      typingNodes().forEach(function (node) {
        ui.status.appendChild(node);
      });
      panel.reveal(ui.status);
    }
  }

  function setError(on) {
    ui.alert.textContent = "";
    ui.alert.classList.toggle("actw__alert--shown", !!on);
    if (!on) return;
    buildError(retry).forEach(function (node) {
      ui.alert.appendChild(node);
    });
    panel.reveal(ui.alert);
  }

  function retry() {
    if (!failed || busy) return;
    ui.input.focus();
    send(failed.message, failed.title, failed.choice, true);
  }

  // message goes to Rasa; title is what the log shows; choice: a quick reply the bot offered.
  function send(message, title, choice, isRetry) {
    if (!isRetry) addMessages([{ from: "user", text: title, choice: choice }]);
    setError(null);
    setBusy(true);

    // AbortController is Safari 12.1+: older browsers simply wait without a time limit.
    // eslint-disable-next-line compat/compat -- guarded by the typeof check
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, config.timeoutMs) : null;

    window.fetch(config.webhook, {
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
        var messages = parseReplies(replies);
        failed = null;
        setBusy(false);
        if (messages.length) addMessages(messages);
        else ui.status.textContent = STRINGS.noAnswer;
      })
      .catch(function () {
        failed = { message: message, title: title, choice: choice };
        setBusy(false);
        setError(true);
      })
      .then(function () {
        if (timer) window.clearTimeout(timer);
      });
  }

  function choose(payload, title) {
    if (busy) {
      ui.status.textContent = STRINGS.waitToChoose;
      return;
    }
    removeReplies();
    ui.input.focus();
    send(payload, title, true);
  }

  function submit(event) {
    event.preventDefault();
    var text = ui.input.value.trim();
    if (!text || busy) {
      ui.status.textContent = text ? STRINGS.waitToSend : STRINGS.empty;
      ui.input.focus();
      return;
    }
    ui.input.value = "";
    ui.input.focus();
    send(text, text, false);
  }

  function clearConversation() {
    state = { sender: makeId(), messages: [], open: true };
    failed = null;
    busy = false;
    ui.log.textContent = "";
    setError(null);
    saveState(storage, config.storageKey, state);
    ui.status.classList.remove("actw__status--typing");
    ui.status.textContent = STRINGS.cleared;
    ui.input.value = "";
    ui.input.focus();
    ui.panel.scrollTop = 0;
  }

  function attach() {
    var css = document.querySelector("link[data-actw-css]");
    if (!css) {
      css = el("link", { rel: "stylesheet", href: config.css, "data-actw-css": true });
      document.head.appendChild(css);
    }
    // Render saved history before the log is shown, so it is not announced again.
    state.messages.forEach(function (m, i) {
      ui.log.appendChild(renderMessage(m, i === state.messages.length - 1, choose));
    });
    ui.launcher.addEventListener("click", function () { panel.open(true); });
    ui.close.addEventListener("click", function () { panel.close(true); });
    ui.clear.addEventListener("click", clearConversation);
    ui.form.addEventListener("submit", submit);
    document.addEventListener("keydown", function (event) {
      var escape = event.key === "Escape" || event.key === "Esc";
      if (escape && state.open && (ui.panel.contains(document.activeElement) || panel.isFullScreen())) {
        event.preventDefault();
        panel.close(true);
      }
    });

    // Show the widget once its stylesheet is in (no flash of an unstyled launcher);
    // if the stylesheet cannot load, show it anyway: plain, but it still works.
    if (!css.sheet) {
      ui.root.hidden = true;
      var showRoot = function () {
        if (!ui.root.hidden) return;
        ui.root.hidden = false;
        if (state.open) panel.scrollToEnd();
      };
      css.addEventListener("load", showRoot);
      css.addEventListener("error", showRoot);
      window.setTimeout(showRoot, 3000);
    }
    document.body.appendChild(ui.root);
    document.documentElement.classList.add("actw-enabled");
    panel.watch();
    if (state.open) panel.open(false);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", attach);
  else attach();
}

var widgetScript = document.currentScript || document.querySelector("script[src$='widget.js']");
if (widgetScript && !window.__actSignpostWidget) {
  window.__actSignpostWidget = true;
  startWidget(widgetScript);
}
