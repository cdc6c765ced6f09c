/*
 * Strings and configuration: every word the widget shows, and the settings read from its
 * <script> tag. Pure: no DOM, no storage (unit-tested in web/test/config.test.js).
 */
/* exported STRINGS, SIGNPOSTS, WEBHOOK_PATH, readConfig, introText */

var SIGNPOSTS = {
  emergency: "999",
  reportUrl: "https://www.gov.uk/ACT",
  reportLabel: "gov.uk/ACT",
  hotline: "0800 789 321"
};

var STRINGS = {
  title: "Ask about counter terrorism policing",
  rootLabel: "Chat assistant",
  intro:
    "This is an automated assistant. It can answer questions about counter terrorism policing " +
    "and tell you how to report something. It cannot take a report. Do not type personal details.",
  // Added to the intro when the operator keeps unanswered questions (data-keeps-unanswered="N").
  keptNote:
    "If the assistant cannot answer a question, the question is kept for up to {days} days, " +
    "with personal details removed, to improve the assistant.",
  conversationLabel: "Conversation",
  repliesLabel: "Suggested replies",
  inputLabel: "Your question",
  placeholder: "Your question",
  send: "Send",
  clear: "Clear conversation",
  close: "Close",
  closeHidden: " chat",
  you: "You",
  assistant: "Assistant",
  // Shown after a reload in place of what the user typed: their words are never stored.
  notKept: "Your message (not kept)",
  typing: "The assistant is typing",
  empty: "Type a question first.",
  waitToSend: "Please wait for the answer before sending another message.",
  waitToChoose: "Please wait for the answer before choosing.",
  noAnswer: "The assistant did not answer that. Try asking in a different way.",
  cleared: "Conversation cleared.",
  signpostEmergency: "In an emergency call ",
  signpostReport: ". Report at ",
  errorTitle: "Sorry, the assistant cannot be reached",
  errorText: "Your message was not sent. Check your connection and try again.",
  errorSignposts:
    "In an emergency call " + SIGNPOSTS.emergency + ". To report something suspicious, go to " +
    SIGNPOSTS.reportLabel + " or call the anti-terrorist hotline on " + SIGNPOSTS.hotline + ".",
  retry: "Try again"
};

// Rasa's REST channel. With no data-server the widget posts here on the page's own origin.
var WEBHOOK_PATH = "/webhooks/rest/webhook";
var DEFAULT_TIMEOUT_MS = 30000;

function positiveInt(value) {
  var n = typeof value === "number" ? value : parseInt(String(value || ""), 10);
  return n > 0 && Math.floor(n) === n ? n : null;
}

// The privacy line: the intro, plus what is kept when the operator has switched it on.
function introText(keepsDays) {
  return keepsDays ? STRINGS.intro + " " + STRINGS.keptNote.replace("{days}", keepsDays) : STRINGS.intro;
}

function httpUrl(value, base) {
  // Only http(s) URLs; anything else (javascript:, data:, garbage) counts as not given.
  try {
    var url = new URL(value, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch (e) {
    return null;
  }
}

/*
 * readConfig(dataset, scriptSrc, pageHref, build) -> settings.
 *   dataset:  the script tag's data-* attributes (data-server, data-title, data-css, data-timeout,
 *             data-keeps-unanswered: days the redacted text of unanswered questions is kept)
 *   build:    values fixed at build time by mk/web.mk, e.g. {maxChars: N}, N from defaults.env
 */
function readConfig(dataset, scriptSrc, pageHref, build) {
  var data = dataset || {};
  var server = data.server ? httpUrl(data.server.trim(), pageHref) : null;
  var webhook = server
    ? server.href.replace(/\/+$/, "") + WEBHOOK_PATH
    : new URL(WEBHOOK_PATH, pageHref).href;
  return {
    webhook: webhook,
    title: data.title || STRINGS.title,
    css: data.css || new URL("widget.css", scriptSrc || pageHref).href,
    timeoutMs: positiveInt(data.timeout) || DEFAULT_TIMEOUT_MS,
    maxChars: positiveInt((build || {}).maxChars),
    intro: introText(positiveInt(data.keepsUnanswered)),
    storageKey: "act-signpost-widget:v2",
    // Earlier versions kept the user's own words under these keys: removed on load.
    oldStorageKeys: ["act-signpost-widget:v1"]
  };
}
