// The privacy line (src/widget/config.js): it says when unanswered questions are kept, and for how long.
import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./load.mjs";

const { readConfig, introText, STRINGS } = load("config.js");
const PAGE = "https://ctp.example/";

test("by default the intro says nothing is kept beyond the usual privacy line", () => {
  assert.equal(readConfig({}, PAGE + "widget.js", PAGE, {}).intro, STRINGS.intro);
  assert.equal(introText(null), STRINGS.intro);
  assert.doesNotMatch(STRINGS.intro, /kept/);
});

test("data-keeps-unanswered adds what is kept, redacted, and for how many days", () => {
  const intro = readConfig({ keepsUnanswered: "30" }, PAGE + "widget.js", PAGE, {}).intro;
  assert.ok(intro.startsWith(STRINGS.intro));
  assert.match(intro, /cannot answer a question, the question is kept for up to 30 days, with personal details removed/);
});

test("a data-keeps-unanswered that is not a positive whole number is ignored", () => {
  for (const keepsUnanswered of ["0", "-3", "abc", ""]) {
    assert.equal(readConfig({ keepsUnanswered }, PAGE + "widget.js", PAGE, {}).intro, STRINGS.intro);
  }
});
