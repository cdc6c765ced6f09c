"""Redaction of personal data from user messages.

``redact(text) -> str`` is the one function the REST channel applies to every message text. It
cleans the text first (``clean_text``: NFKC, control and format characters out, whitespace
collapsed), then replaces personal details with placeholders such as ``[phone number]`` so that
nothing identifying reaches the tracker store, the logs, the NLU pipeline or the action server.
Pure and deterministic: no I/O at call time (the name lists load once, at import), no logging.

Finders work on a same-length copy of the text with look-alike characters folded to ASCII
(``text.fold_lookalikes``) and return spans; overlapping spans merge and the longest names the
placeholder. Modules: numbers (phones via Google's libphonenumber, cards, NI numbers), online
(e-mail, handles, profile URLs, IP addresses), places (postcodes, vehicle registrations,
addresses), dates (dates of birth), names (lead-ins and a gazetteer).

Kept on purpose (the bot and its users mention them): 999, 112, 101, 111, 116 123, the
Anti-Terrorist Hotline 0800 789 321, gov.uk/ACT and other official addresses, years and lists
of years, and the figures the bot quotes. See ``PUBLIC_NUMBERS``. Figures: results/bench/redaction.md.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Callable, List, Tuple

from addons.redaction.dates import dob_spans
from addons.redaction.names import name_spans
from addons.redaction.numbers import PUBLIC_NUMBERS, nino_spans, number_spans, phone_spans
from addons.redaction.online import online_spans
from addons.redaction.places import address_spans, vrm_spans
from addons.redaction.text import clean_text, fold_lookalikes

__all__ = ["redact", "redact_counted", "clean_text", "find_spans", "PUBLIC_NUMBERS", "PLACEHOLDERS"]

PLACEHOLDERS = {
    "email": "[email address]",
    "card": "[card number]",
    "number": "[number]",
    "nino": "[national insurance number]",
    "phone": "[phone number]",
    "postcode": "[postcode]",
    "vrm": "[vehicle registration]",
    "address": "[address]",
    "name": "[name]",
    "dob": "[date of birth]",
    "handle": "[social media handle]",
    "url": "[web address]",
    "ip": "[IP address]",
}
Span = Tuple[int, int, str]
_FINDERS: List[Callable[[str], List[Span]]] = [
    online_spans,
    dob_spans,
    nino_spans,
    phone_spans,
    number_spans,
    address_spans,
    vrm_spans,
    name_spans,
]
# placeholders already in the text stay as they are (redact(redact(x)) == redact(x))
_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS.values()))


def _merge(spans: List[Span]) -> List[Span]:
    """Overlapping spans become one; the longest part gives the kind."""
    merged: List[List] = []
    for start, end, kind in sorted(spans):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            if end - start > last[3]:
                last[2], last[3] = kind, end - start
            last[1] = max(last[1], end)
        else:
            merged.append([start, end, kind, end - start])
    return [(s, e, k) for s, e, k, _ in merged]


def find_spans(text: str) -> List[Span]:
    """(start, end, kind) of every personal detail in already-cleaned ``text``."""
    folded = fold_lookalikes(text)
    kept = [m.span() for m in _PLACEHOLDER.finditer(text)]
    spans = [
        span
        for finder in _FINDERS
        for span in finder(folded)
        if span[1] > span[0] and not any(span[0] < e and s < span[1] for s, e in kept)
    ]
    return _merge(spans)


def redact_counted(text: str) -> Tuple[str, Counter]:
    """``redact(text)`` and how many details of each kind (PLACEHOLDERS key) it replaced.

    The counts are for metrics: categories and numbers only, never the details.
    """
    found: Counter = Counter()
    if not isinstance(text, str) or not text:
        return text, found
    text = clean_text(text)
    out, pos = [], 0
    for start, end, kind in find_spans(text):
        out.append(text[pos:start])
        out.append(PLACEHOLDERS[kind])
        found[kind] += 1
        pos = end
    out.append(text[pos:])
    return "".join(out), found


def redact(text: str) -> str:
    """Return ``text`` cleaned, with personal details replaced by placeholders.

    Non-string input is returned unchanged.
    """
    return redact_counted(text)[0]
