/*
 * Link detection: where in a bot message the http(s) URLs, bare web addresses (gov.uk/ACT)
 * and UK phone numbers are, and what each links to (https: and tel: only). Pure: no DOM
 * (unit-tested in web/test/links.test.js).
 *
 * No lookbehind (?<!...): Safari and iOS before 16.4 throw a SyntaxError on it and the whole
 * widget would fail. Each kind instead names the characters it may not follow (notAfter),
 * checked in code, which gives the same matches.
 */
/* exported findLinks, trimTrailing, phoneHref */

var LINK_KINDS = [
  // full http(s) URL
  { kind: "url", re: /https?:\/\/[^\s<>"'`]+/gi, notAfter: null },
  // bare web address such as gov.uk/ACT, www.example.org/page, counterterrorism.police.uk
  {
    kind: "web",
    re: /(?:www\.)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:uk|com|org|net)(?![\w-])(?:\/[^\s<>"'`]*)?/gi,
    notAfter: /[\w@./-]/
  },
  // UK phone number: 0800 789 321, 020 7946 0000, +44 800 789 321
  { kind: "phone", re: /(?:\+44\s?|0)\d{2,4}(?:[ -]?\d{2,4}){1,3}(?!\w|[.,]\d)/g, notAfter: /[\w+.,]/ },
  // short numbers: 999, 112, 111, 101, 116 123
  { kind: "phone", re: /(?:999|112|111|101|116 ?\d{3})(?!\w|[.,]\d)/g, notAfter: /[\w+.,\u00a3$-]/ }
];

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

// The first match of one kind at or after `from` whose preceding character is allowed.
function nextOfKind(kind, text, from) {
  kind.re.lastIndex = from;
  var match;
  while ((match = kind.re.exec(text)) !== null) {
    var before = match.index > 0 ? text.charAt(match.index - 1) : "";
    if (!kind.notAfter || !before || !kind.notAfter.test(before)) return match;
    kind.re.lastIndex = match.index + 1; // as a lookbehind would: try the next position
  }
  return null;
}

// The leftmost match of any kind; at the same place the earlier kind wins (as in an alternation).
function nextLink(text, from) {
  var best = null;
  for (var i = 0; i < LINK_KINDS.length; i += 1) {
    var match = nextOfKind(LINK_KINDS[i], text, from);
    if (match && (!best || match.index < best.match.index)) best = { kind: LINK_KINDS[i].kind, match: match };
  }
  return best;
}

function hrefFor(kind, label) {
  if (kind === "phone") return phoneHref(label);
  var href = kind === "url" ? label : "https://" + (/^gov\.uk(\/|$)/i.test(label) ? "www." : "") + label;
  return /^https?:\/\//i.test(href) ? href : null;
}

/*
 * findLinks(text) -> [{start, end, label, href}] in order, not overlapping.
 * label is text.slice(start, end); href starts with https:, http: or tel:.
 */
function findLinks(text) {
  var links = [];
  var from = 0;
  var found;
  while ((found = nextLink(text, from)) !== null) {
    var raw = found.match[0];
    var start = found.match.index;
    var label = found.kind === "phone" ? raw : trimTrailing(raw);
    var href = label ? hrefFor(found.kind, label) : null;
    if (!href) {
      from = start + raw.length;
      continue;
    }
    links.push({ start: start, end: start + label.length, label: label, href: href });
    from = start + label.length;
  }
  return links;
}
