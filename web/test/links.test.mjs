// Link detection (src/widget/links.js): which parts of a bot message become links, and where to.
import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./load.mjs";

const { findLinks, phoneHref, trimTrailing } = load("links.js");
// Results come from another realm (vm): compare them as plain JSON.
const plain = (value) => JSON.parse(JSON.stringify(value));
const pairs = (text) => plain(findLinks(text).map((l) => [l.label, l.href]));

test("the signposts and URLs in a real reply become links", () => {
  const text =
    "Call 999 or 101. Report at gov.uk/ACT, or call 0800 789 321.\n" +
    "Samaritans: 116 123. See https://www.gov.uk/government/collections/prevent.\n" +
    "(More at counterterrorism.police.uk) In 2017, 254 people; over 800 cases; 43 plots; 1,999 items.\n" +
    "Not a link: javascript:alert(1) or data:text/html,hi or e.g. this.";
  assert.deepEqual(pairs(text), [
    ["999", "tel:999"],
    ["101", "tel:101"],
    ["gov.uk/ACT", "https://www.gov.uk/ACT"],
    ["0800 789 321", "tel:0800789321"],
    ["116 123", "tel:116123"],
    ["https://www.gov.uk/government/collections/prevent", "https://www.gov.uk/government/collections/prevent"],
    ["counterterrorism.police.uk", "https://counterterrorism.police.uk"],
  ]);
});

test("start and end give back the label", () => {
  const text = "Ring 0800 789 321 or go to gov.uk/ACT.";
  for (const l of findLinks(text)) assert.equal(text.slice(l.start, l.end), l.label);
});

test("numbers inside other numbers, money and e-mail addresses are not links", () => {
  const cases = {
    "1,999 items": [], "£999": [], "$101": [], "x999": [], "9999": [], "2.999": [], "-111": [],
    "+999": [], "jo@gov.uk": [], "a/gov.uk": [], "0800.789": [], "12345 0800": [],
    "mail.gov.uk.": [["mail.gov.uk", "https://mail.gov.uk"]],
  };
  for (const [text, expected] of Object.entries(cases)) assert.deepEqual(pairs(text), expected, text);
});

test("a phone number right after a letter or a plus sign is not one (what lookbehind did)", () => {
  assert.deepEqual(pairs("ref A0800789321"), []);
  assert.deepEqual(pairs("call +44 800 789 321"), [["+44 800 789 321", "tel:+44800789321"]]);
  assert.deepEqual(pairs("tel 020 7946 0000."), [["020 7946 0000", "tel:02079460000"]]);
  // The first position is refused (after "x"); a later one is not tried past the digits.
  assert.deepEqual(pairs("x999 and 999"), [["999", "tel:999"]]);
});

test("sentence punctuation and unbalanced brackets stay outside a link", () => {
  assert.equal(trimTrailing("gov.uk/ACT)."), "gov.uk/ACT");
  assert.equal(trimTrailing("https://x.org/a_(b)"), "https://x.org/a_(b)");
  assert.deepEqual(pairs("(see https://www.gov.uk/ACT)"), [["https://www.gov.uk/ACT", "https://www.gov.uk/ACT"]]);
});

test("phoneHref accepts only UK numbers of the right length", () => {
  assert.equal(phoneHref("0800 789 321"), "tel:0800789321");
  assert.equal(phoneHref("116 123"), "tel:116123");
  assert.equal(phoneHref("0800 78"), null);
  assert.equal(findLinks("call 0800 78 now").length, 0);
});

test("the source has no lookbehind (Safari before 16.4 cannot parse it)", async () => {
  const { readFileSync } = await import("node:fs");
  const source = readFileSync(new URL("../src/widget/links.js", import.meta.url), "utf8");
  assert.doesNotMatch(source.replace(/^\s*(\/\/|\*|\/\*).*$/gm, ""), /\(\?<[!=]/);
});

// The pattern before issue 8, with lookbehind (node can run it; old Safari cannot): the oracle.
const OLD_LINK_RE = new RegExp(
  [
    "(https?:\\/\\/[^\\s<>\"'`]+)",
    "((?<![\\w@.\\/-])(?:www\\.)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:uk|com|org|net)(?![\\w-])(?:\\/[^\\s<>\"'`]*)?)",
    "((?<![\\w+.,])(?:\\+44\\s?|0)\\d{2,4}(?:[ -]?\\d{2,4}){1,3}(?![\\w]|[.,]\\d))",
    "((?<![\\w+.,\\u00a3$-])(?:999|112|111|101|116 ?\\d{3})(?![\\w]|[.,]\\d))",
  ].join("|"),
  "gi",
);

function oldFindLinks(text) {
  const links = [];
  let match;
  OLD_LINK_RE.lastIndex = 0;
  while ((match = OLD_LINK_RE.exec(text)) !== null) {
    const raw = match[0];
    const start = match.index;
    let label = raw;
    let href = null;
    if (match[1] || match[2]) {
      label = trimTrailing(raw);
      if (!label) continue;
      href = match[1] ? label : "https://" + (/^gov\.uk(\/|$)/i.test(label) ? "www." : "") + label;
      if (!/^https?:\/\//i.test(href)) href = null;
    } else {
      href = phoneHref(raw);
    }
    if (!href) continue;
    links.push({ start, end: start + label.length, label, href });
    OLD_LINK_RE.lastIndex = start + label.length;
  }
  return links;
}

test("same links as the old lookbehind pattern on 5,000 generated messages", () => {
  const pieces = ["999", "101", "111", "112", "116 123", "1161234", "0800 789 321", "+44 800 789 321",
    "020 7946 0000", "07912-345678", "gov.uk/ACT", "www.example.org/page", "police.uk", "a@b.com",
    "https://www.gov.uk/ACT", "http://x.net/a_(b)", "£", "$", "-", "+", ".", ",", "/", "@", "(", ")",
    " ", " ", "\n", "x", "AB", "9", "0", "1,", "e.g.", "?", "'", "\u00a0"];
  let seed = 8;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  let linked = 0;
  for (let i = 0; i < 5000; i += 1) {
    let text = "";
    for (let n = 1 + Math.floor(random() * 10); n > 0; n -= 1) text += pieces[Math.floor(random() * pieces.length)];
    const expected = oldFindLinks(text);
    assert.deepEqual(plain(findLinks(text)), expected, JSON.stringify(text));
    linked += expected.length;
  }
  assert.ok(linked > 3000, `the generated messages hold links (${linked})`);
});
