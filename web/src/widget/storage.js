/*
 * Storage: what survives a reload, kept in sessionStorage. Pure functions plus two small
 * wrappers that take the storage object, so all of it is unit-tested in node
 * (web/test/storage.test.js).
 *
 * The user's own words are never stored: the server redacts phone numbers, names and
 * addresses, and the browser must not keep what the server would not. A typed message is
 * stored as {from: "user"} and shown after a reload as STRINGS.notKept. A quick reply is
 * stored by its title only when that title is one the bot itself offered.
 * Kept: the sender id, open/closed, the bot's replies (text and buttons).
 */
/* exported MAX_HISTORY, newSenderId, toStored, fromStored, loadState, saveState */

var MAX_HISTORY = 200;

function hex(bytes) {
  var out = "";
  for (var i = 0; i < bytes.length; i += 1) out += ("0" + bytes[i].toString(16)).slice(-2);
  return out;
}

// A random version-4 UUID: the opaque sender id form the server accepts.
function newSenderId(cryptoApi) {
  if (typeof cryptoApi.randomUUID === "function") return cryptoApi.randomUUID();
  var b = cryptoApi.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40; // version 4
  b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
  var h = hex(b);
  return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
}

function storedButtons(buttons) {
  if (!Array.isArray(buttons)) return [];
  return buttons
    .filter(function (b) {
      return b && typeof b.title === "string" && typeof b.payload === "string";
    })
    .map(function (b) {
      return { title: b.title, payload: b.payload };
    });
}

// state {sender, open, messages} -> the plain object written to storage (no user text).
function toStored(state) {
  var offered = []; // titles of the quick replies on the last bot message
  var messages = state.messages.slice(-MAX_HISTORY).map(function (m) {
    if (m.from === "bot") {
      var buttons = storedButtons(m.buttons);
      offered = buttons.map(function (b) {
        return b.title;
      });
      return { from: "bot", text: String(m.text || ""), buttons: buttons };
    }
    var kept = m.choice && offered.indexOf(m.text) !== -1 ? { from: "user", choice: m.text } : { from: "user" };
    offered = [];
    return kept;
  });
  return { sender: state.sender, open: !!state.open, messages: messages };
}

// What storage held -> state, or null when it is missing or not ours.
function fromStored(saved) {
  if (!saved || typeof saved.sender !== "string" || !Array.isArray(saved.messages)) return null;
  var messages = [];
  saved.messages.forEach(function (m) {
    if (!m || typeof m !== "object") return;
    if (m.from === "bot" && typeof m.text === "string") {
      messages.push({ from: "bot", text: m.text, buttons: storedButtons(m.buttons) });
    } else if (m.from === "user") {
      var choice = typeof m.choice === "string" ? m.choice : null;
      messages.push({ from: "user", text: choice, choice: !!choice });
    }
  });
  return { sender: saved.sender, open: !!saved.open, messages: messages.slice(-MAX_HISTORY) };
}

function loadState(storage, key, oldKeys, makeId) {
  try {
    (oldKeys || []).forEach(function (old) {
      storage.removeItem(old);
    });
    var state = fromStored(JSON.parse(storage.getItem(key) || "null"));
    if (state) return state;
  } catch (e) {
    /* storage blocked or corrupt: start afresh */
  }
  return { sender: makeId(), open: false, messages: [] };
}

function saveState(storage, key, state) {
  try {
    storage.setItem(key, JSON.stringify(toStored(state)));
  } catch (e) {
    /* storage full or blocked: the conversation still works, it just will not survive a reload */
  }
}
