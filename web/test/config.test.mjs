// Strings and configuration (src/widget/config.js): where the widget posts, and its limits.
import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./load.mjs";

const { readConfig, STRINGS, SIGNPOSTS } = load("config.js");
const PAGE = "https://ctp.example/report.html";
const SCRIPT = "https://ctp.example/assets/widget.js";

test("with no data-server the widget posts to its own origin", () => {
  const config = readConfig({}, SCRIPT, PAGE, { maxChars: 500 });
  assert.equal(config.webhook, "https://ctp.example/webhooks/rest/webhook");
  assert.equal(config.css, "https://ctp.example/assets/widget.css");
  assert.equal(config.title, STRINGS.title);
  assert.equal(config.timeoutMs, 30000);
});

test("data-server points it at another Rasa server, with or without a trailing slash", () => {
  for (const server of ["http://localhost:5005", "http://localhost:5005/", " http://localhost:5005// "]) {
    assert.equal(readConfig({ server }, SCRIPT, PAGE, {}).webhook, "http://localhost:5005/webhooks/rest/webhook");
  }
  assert.equal(readConfig({ server: "https://bot.example/rasa/" }, SCRIPT, PAGE, {}).webhook,
    "https://bot.example/rasa/webhooks/rest/webhook");
});

test("a data-server that is not http(s) is ignored: the page's own origin is used", () => {
  for (const server of ["javascript:alert(1)", "data:text/plain,x", "ftp://x.example"]) {
    assert.equal(readConfig({ server }, SCRIPT, PAGE, {}).webhook, "https://ctp.example/webhooks/rest/webhook");
  }
});

test("the text box limit comes from the build (defaults.env), never a made-up default", () => {
  assert.equal(readConfig({}, SCRIPT, PAGE, { maxChars: 500 }).maxChars, 500);
  assert.equal(readConfig({}, SCRIPT, PAGE, { maxChars: 123 }).maxChars, 123);
  for (const bad of [undefined, 0, -5, "abc", 1.5]) {
    assert.equal(readConfig({}, SCRIPT, PAGE, { maxChars: bad }).maxChars, null, String(bad));
  }
});

test("data-title and data-timeout are read; a bad timeout falls back", () => {
  const config = readConfig({ title: "Ask us", timeout: "5000" }, SCRIPT, PAGE, {});
  assert.equal(config.title, "Ask us");
  assert.equal(config.timeoutMs, 5000);
  assert.equal(readConfig({ timeout: "soon" }, SCRIPT, PAGE, {}).timeoutMs, 30000);
});

test("the error box carries every signpost, and the strings are plain text", () => {
  for (const signpost of [SIGNPOSTS.emergency, SIGNPOSTS.reportLabel, SIGNPOSTS.hotline]) {
    assert.ok(STRINGS.errorSignposts.includes(signpost), signpost);
  }
  for (const [key, value] of Object.entries(STRINGS)) {
    assert.equal(typeof value, "string", key);
    assert.doesNotMatch(value, /[<>]/, key);
  }
  assert.match(STRINGS.notKept, /not kept/);
});
