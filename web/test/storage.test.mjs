// Storage (src/widget/storage.js): nothing the user typed is kept; the bot's side comes back.
import assert from "node:assert/strict";
import { webcrypto } from "node:crypto";
import { test } from "node:test";
import { load } from "./load.mjs";

const { toStored, fromStored, loadState, saveState, newSenderId, MAX_HISTORY } = load("storage.js");
const plain = (value) => JSON.parse(JSON.stringify(value));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

class MemoryStorage {
  constructor(items = {}) { this.items = { ...items }; }
  getItem(key) { return key in this.items ? this.items[key] : null; }
  setItem(key, value) { this.items[key] = String(value); }
  removeItem(key) { delete this.items[key]; }
}

const TYPED = "my neighbour John Smith, 07912 345678, john.smith@example.com, 12 Station Road";
const REPORT = {
  from: "bot",
  text: "Is someone in danger right now?",
  buttons: [{ title: "Yes, someone is in danger now", payload: "/affirm" }, { title: "No", payload: "/deny" }],
};
const conversation = () => ({
  sender: "0b6c1c2e-8a4f-4f7e-9d8e-aaaaaaaaaaab",
  open: true,
  messages: [
    { from: "user", text: TYPED, choice: false },
    REPORT,
    { from: "user", text: "No", choice: true },
    { from: "bot", text: "Report it online at gov.uk/ACT", buttons: [] },
    // A "choice" the bot never offered is the user's own text: not kept either.
    { from: "user", text: "07912 345678", choice: true },
  ],
});

test("the user's typed words are never written to storage", () => {
  const storage = new MemoryStorage();
  saveState(storage, "k", conversation());
  const written = storage.items.k;
  for (const detail of ["John", "Smith", "07912", "345678", "john.smith", "example.com", "Station"]) {
    assert.ok(!written.includes(detail), `${detail} was stored: ${written}`);
  }
  assert.deepEqual(plain(JSON.parse(written).messages.map((m) => m.from)), ["user", "bot", "user", "bot", "user"]);
});

test("after a reload: bot replies and offered quick replies come back, typed text does not", () => {
  const state = fromStored(JSON.parse(JSON.stringify(toStored(conversation()))));
  assert.equal(state.sender, conversation().sender);
  assert.equal(state.open, true);
  assert.deepEqual(plain(state.messages), [
    { from: "user", text: null, choice: false },
    REPORT,
    { from: "user", text: "No", choice: true },
    { from: "bot", text: "Report it online at gov.uk/ACT", buttons: [] },
    { from: "user", text: null, choice: false },
  ]);
});

test("old versions' keys, which held typed text, are removed on load", () => {
  const storage = new MemoryStorage({ "act-signpost-widget:v1": JSON.stringify({ sender: "s", messages: [{ from: "user", text: TYPED }] }) });
  const state = loadState(storage, "act-signpost-widget:v2", ["act-signpost-widget:v1"], () => "new-id");
  assert.equal(state.sender, "new-id");
  assert.deepEqual(plain(state.messages), []);
  assert.deepEqual(Object.keys(storage.items), []);
});

test("stored text from elsewhere is not trusted: user text in storage is dropped on load", () => {
  const storage = new MemoryStorage({ k: JSON.stringify({ sender: "s", messages: [{ from: "user", text: TYPED }, { from: "bot", text: 5 }] }) });
  const state = loadState(storage, "k", [], () => "x");
  assert.deepEqual(plain(state.messages), [{ from: "user", text: null, choice: false }]);
});

test("blocked, missing or corrupt storage starts a fresh conversation", () => {
  const throwing = { getItem() { throw new Error("SecurityError"); }, setItem() { throw new Error("full"); }, removeItem() {} };
  for (const storage of [null, throwing, new MemoryStorage({ k: "{not json" }), new MemoryStorage({ k: "[]" })]) {
    assert.deepEqual(plain(loadState(storage, "k", [], () => "fresh")), { sender: "fresh", open: false, messages: [] });
    saveState(storage, "k", conversation()); // does not throw
  }
});

test("history is capped", () => {
  const state = { sender: "s", open: false, messages: [] };
  for (let i = 0; i < MAX_HISTORY + 50; i += 1) state.messages.push({ from: "bot", text: `reply ${i}`, buttons: [] });
  const stored = toStored(state);
  assert.equal(stored.messages.length, MAX_HISTORY);
  assert.equal(stored.messages.at(-1).text, `reply ${MAX_HISTORY + 49}`);
});

test("sender ids are version-4 UUIDs, with or without crypto.randomUUID (Safari < 15.4)", () => {
  const withoutRandomUUID = { getRandomValues: (bytes) => webcrypto.getRandomValues(bytes) };
  const ids = new Set();
  for (let i = 0; i < 200; i += 1) {
    for (const api of [webcrypto, withoutRandomUUID]) {
      const id = newSenderId(api);
      assert.match(id, UUID);
      ids.add(id);
    }
  }
  assert.equal(ids.size, 400);
});
