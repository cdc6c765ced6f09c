/*
 * The widget's DOM: the only code that creates nodes. Bot text is never parsed as HTML:
 * every node is built with createElement/textContent, links only where findLinks found them.
 */
/* global STRINGS, SIGNPOSTS, findLinks */
/* exported el, linkify, renderMessage, buildError, typingNodes, buildUi, ID */

var ID = "actw";

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

function link(href, label) {
  var a = el("a", { className: "govuk-link actw__link", href: href, text: label });
  if (href.indexOf("tel:") !== 0) a.setAttribute("rel", "noreferrer");
  return a;
}

// Plain text -> text nodes and safe <a> elements.
function linkify(text) {
  var frag = document.createDocumentFragment();
  var last = 0;
  findLinks(text).forEach(function (found) {
    if (found.start > last) frag.appendChild(document.createTextNode(text.slice(last, found.start)));
    frag.appendChild(link(found.href, found.label));
    last = found.end;
  });
  if (last < text.length) frag.appendChild(document.createTextNode(text.slice(last)));
  return frag;
}

function signpostLine() {
  return el("p", { className: "actw__signpost", id: ID + "-signpost" }, [
    STRINGS.signpostEmergency,
    link("tel:" + SIGNPOSTS.emergency, SIGNPOSTS.emergency),
    STRINGS.signpostReport,
    link(SIGNPOSTS.reportUrl, SIGNPOSTS.reportLabel)
  ]);
}

function renderReplies(buttons, onChoose) {
  var group = el("div", { className: "actw__replies", role: "group", "aria-label": STRINGS.repliesLabel });
  buttons.forEach(function (b) {
    var button = el("button", { type: "button", className: "actw__reply", "data-payload": b.payload, text: b.title });
    button.addEventListener("click", function () {
      onChoose(b.payload, b.title);
    });
    group.appendChild(button);
  });
  return group;
}

/*
 * One message: {from: "bot", text, buttons} or {from: "user", text}. A user message whose
 * text was not kept (after a reload) shows STRINGS.notKept instead.
 */
function renderMessage(m, isLatest, onChoose) {
  var fromBot = m.from === "bot";
  var item = el("div", { className: "actw__msg actw__msg--" + (fromBot ? "bot" : "user") }, [
    el("p", { className: "actw__who" }, [fromBot ? STRINGS.assistant : STRINGS.you, hidden(":")])
  ]);
  if (fromBot) {
    if (m.text) item.appendChild(el("p", { className: "actw__text" }, [linkify(String(m.text))]));
    if (isLatest && m.buttons && m.buttons.length) item.appendChild(renderReplies(m.buttons, onChoose));
  } else if (typeof m.text === "string") {
    item.appendChild(el("p", { className: "actw__text", text: m.text }));
  } else {
    item.appendChild(el("p", { className: "actw__text actw__text--unkept", text: STRINGS.notKept }));
  }
  return item;
}

function buildError(onRetry) {
  var retry = el("button", {
    type: "button",
    className: "govuk-button govuk-button--secondary actw__retry",
    text: STRINGS.retry
  });
  retry.addEventListener("click", onRetry);
  return [
    el("h3", { className: "actw__alert-title", text: STRINGS.errorTitle }),
    el("p", { className: "actw__alert-text", text: STRINGS.errorText }),
    el("p", { className: "actw__alert-text" }, [linkify(STRINGS.errorSignposts)]),
    retry
  ];
}

function typingNodes() {
  return [
    document.createTextNode(STRINGS.typing),
    el("span", { className: "actw__dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")])
  ];
}

// Every part of the widget, not yet in the page and without behaviour: {root, launcher, ...}.
function buildUi(config) {
  var ui = {};
  ui.launcher = el("button", {
    type: "button",
    className: "actw__launcher",
    "aria-controls": ID + "-panel",
    "aria-haspopup": "dialog"
  }, [el("span", { className: "actw__launcher-icon", "aria-hidden": "true" }), config.title]);

  ui.title = el("h2", { className: "actw__title", id: ID + "-title", text: config.title });
  ui.clear = el("button", { type: "button", className: "actw__textbutton", text: STRINGS.clear });
  ui.close = el("button", { type: "button", className: "actw__textbutton" }, [STRINGS.close, hidden(STRINGS.closeHidden)]);
  ui.header = el("div", { className: "actw__header" }, [ui.title, el("div", { className: "actw__actions" }, [ui.clear, ui.close])]);

  ui.intro = el("p", { className: "actw__intro", text: config.intro || STRINGS.intro });
  ui.log = el("div", {
    className: "actw__log",
    id: ID + "-log",
    role: "log",
    "aria-live": "polite",
    "aria-relevant": "additions",
    "aria-label": STRINGS.conversationLabel,
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
    maxlength: config.maxChars, // from defaults.env WIDGET_MAX_CHARS, fixed at build time
    placeholder: STRINGS.placeholder
  });
  ui.send = el("button", { type: "submit", className: "govuk-button actw__send", text: STRINGS.send });
  ui.form = el("form", { className: "actw__form", novalidate: true }, [
    el("label", { className: "govuk-label actw__label", for: ID + "-input", text: STRINGS.inputLabel }),
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

  ui.root = el("aside", { className: "actw", "aria-label": STRINGS.rootLabel }, [ui.launcher, ui.panel]);
  return ui;
}
