"""Redaction of personal data from user messages.

``redact(text) -> str`` is a pure function: no I/O, no logging, no state.
It replaces personal details with placeholders such as ``[phone number]`` so
that nothing identifying reaches the tracker store, the logs, the NLU pipeline
or the action server. ``addons.channels.SafeRestInput`` calls it on every
message before Rasa sees the text.

What is detected (as far as patterns allow; see docs/SECURITY.md for limits):

====================  =============================  ===========================
detail                examples                       placeholder
====================  =============================  ===========================
email address         jo.bloggs@example.co.uk,       [email address]
                      "jo at example dot com"
card number           4111 1111 1111 1111 (Luhn ok)  [card number]
other long number     9+ digits in a row             [number]
NI number             QQ 12 34 56 C                  [national insurance number]
UK / intl phone       07700 900123, +44 20 7946 0958 [phone number]
postcode              SW1A 1AA, m1 1ae               [postcode]
vehicle registration  AB12 CDE, P123 ABC, ABC 123D   [vehicle registration]
street address        221B Baker Street, Flat 3      [address]
name (stated)         "my name is Jo Bloggs"         [name]
date of birth         "DOB 01/02/1980"               [date of birth]
====================  =============================  ===========================

Kept on purpose (the bot and its users mention them): 999, 112, 101, 111,
116 123, the Anti-Terrorist Hotline 0800 789 321, years such as 2024, and the
figures the bot quotes (43, 800, 250, 254, 60%). See ``PUBLIC_NUMBERS``.
"""
from __future__ import annotations

import re
from typing import Callable, List, Match, Pattern, Tuple

__all__ = ["redact", "PUBLIC_NUMBERS", "PLACEHOLDERS"]

# Numbers the bot itself gives out or that users quote as "who should I call".
# Compared as bare digit strings. Anything here is never redacted.
PUBLIC_NUMBERS = frozenset(
    {
        "999",  # emergency
        "112",  # emergency
        "101",  # police non-emergency
        "111",  # NHS
        "116123",  # Samaritans
        "0800789321",  # Anti-Terrorist Hotline
    }
)

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
}

_I = re.IGNORECASE

# --------------------------------------------------------------------------- #
# e-mail
# --------------------------------------------------------------------------- #
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9!#$%&'*+/=?^_`{|}~.-])[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+ ?@ ?[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}"
)
# "jo dot bloggs at example dot co dot uk", "jo(at)example.com". A plain
# " at " with real dots ("report it at gov.uk/ACT") is NOT an e-mail address.
_AT_BR = r"\s*[\(\[{<]\s*at\s*[\)\]}>]\s*"
_AT_WORD = r"\s+at\s+"
_DOT_WORD = r"(?:\s*[\(\[{<]\s*dot\s*[\)\]}>]\s*|\s+dot\s+)"
_TLD = r"(?:com|co|uk|org|net|gov|ac|io|me|info|biz|eu|scot|wales|london|nhs|police|sch)"
_EMAIL_SPELLED = re.compile(
    rf"(?<![A-Za-z0-9_+-])[A-Za-z0-9_+-]+(?:(?:\.|{_DOT_WORD})[A-Za-z0-9_+-]+){{0,6}}"
    rf"(?:{_AT_BR}|{_AT_WORD})[A-Za-z0-9-]{{1,63}}(?:{_DOT_WORD}[A-Za-z0-9-]{{1,63}}){{0,4}}"
    rf"{_DOT_WORD}{_TLD}\b",
    _I,
)
_EMAIL_BRACKET_AT = re.compile(
    rf"(?<![A-Za-z0-9_.+-])[A-Za-z0-9_.+-]+{_AT_BR}[A-Za-z0-9-]{{1,63}}(?:(?:\.|{_DOT_WORD})[A-Za-z0-9-]{{1,63}}){{1,6}}",
    _I,
)

# --------------------------------------------------------------------------- #
# numbers: cards, phones, generic long numbers
# --------------------------------------------------------------------------- #
# a run of digits with single separators (space, hyphen, dot, parentheses),
# optionally starting with + or 00 (international prefix)
_DIGIT_RUN = re.compile(
    r"(?<![\d+])"  # not the middle of a longer number
    r"(?:\+\s?)?"
    r"\(?\d(?:(?:[ \-.]|\)\s?|\s?\()?\d){5,}"
    r"(?!\d)"
)


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _classify_digits(match: Match[str]) -> str:
    raw = match.group(0)
    digits = re.sub(r"\D", "", raw)
    n = len(digits)
    if digits in PUBLIC_NUMBERS:
        return raw
    if raw.startswith("+") or digits.startswith("00"):
        intl = digits[2:] if digits.startswith("00") else digits
        if intl.startswith("44"):
            # +44 20 ..., +44 (0)20 ..., 0044 7700 ...
            national = "0" + intl[2:].lstrip("0")
            if national in PUBLIC_NUMBERS:
                return raw
        if 7 <= len(intl) <= 15:
            return PLACEHOLDERS["phone"]
    elif digits.startswith("0") and n in (10, 11):
        return PLACEHOLDERS["phone"]
    elif digits.startswith("7") and n == 10:
        return PLACEHOLDERS["phone"]  # mobile written without its 0
    if 13 <= n <= 19 and _luhn_ok(digits):
        return PLACEHOLDERS["card"]
    if n >= 9:
        return PLACEHOLDERS["number"]
    # shorter runs ("10 11 12", "1 000 000", reference 123456) are left alone
    return raw


# --------------------------------------------------------------------------- #
# National Insurance number (any two letters: over-redacting the official
# example prefix "QQ" and invalid prefixes is cheaper than missing one)
# --------------------------------------------------------------------------- #
_NINO = re.compile(
    r"\b[A-Z]{2}[ \-]?\d{2}[ \-]?\d{2}[ \-]?\d{2}(?:[ \-]?[A-D])?\b",
    _I,
)

# --------------------------------------------------------------------------- #
# postcode (full postcodes only; an outward code alone, e.g. "M1", is a road too)
# --------------------------------------------------------------------------- #
_POSTCODE = re.compile(
    r"\b(?:GIR\s?0AA|"
    r"(?:[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRV-Y\d]?))"
    r"\s{0,2}\d[ABD-HJLNP-UW-Z]{2})\b",
    _I,
)

# --------------------------------------------------------------------------- #
# vehicle registration marks
# --------------------------------------------------------------------------- #
_AGE = r"(?:0[1-9]|[1-2]\d|5[1-9]|[6-7]\d)"
_VRM_PATTERNS: List[Pattern[str]] = [
    # current format, glued or one space: any case ("ab12cde", "AB12 CDE")
    re.compile(rf"\b[A-Z]{{2}}{_AGE}\s?[A-Z]{{3}}\b", _I),
    # current format spaced out ("AB 12 CDE"): capitals only
    re.compile(rf"\b[A-Z]{{2}}\s{_AGE}\s[A-Z]{{3}}\b"),
    # prefix format 1983-2001 ("P123 ABC"): capitals, or glued in any case
    re.compile(r"\b[A-HJ-NPR-Y]\d{1,3}\s?[A-Z]{3}\b"),
    re.compile(r"\b[A-HJ-NPR-Y]\d{1,3}[A-Z]{3}\b", _I),
    # suffix format 1963-1983 ("ABC 123D"): capitals, or glued in any case
    re.compile(r"\b[A-Z]{3}\s?\d{1,3}\s?[A-HJ-NPR-Y]\b"),
    re.compile(r"\b[A-Z]{3}\d{1,3}[A-HJ-NPR-Y]\b", _I),
    # Northern Ireland ("AIZ 1234", "BZ 1234"): capitals
    re.compile(r"\b[A-Z]{2}[IZ]\s?\d{1,4}\b"),
    re.compile(r"\b[A-Z][IZ]\s?\d{3,4}\b"),
]
# things that look like a registration but are not
_VRM_EXCEPT = re.compile(r"^(?:COVID\d+|MI\d+|TACT\d*)$", _I)
# road numbers (M25, A303) look like old "prefix" plates when followed by a
# short word in capitals ("ON THE M25 AND ..."): keep those
_ROAD_LIKE = re.compile(r"^[A-Z]\d{1,3}\s[A-Z]{3}$|^[A-Z]{1,2}[IZ]\s?\d+$")
_COMMON3 = {
    "AND", "THE", "FOR", "WAS", "ARE", "BUT", "NOT", "YOU", "ALL", "CAR", "VAN",
    "BUS", "WAY", "NOW", "OUT", "OFF", "HAS", "HAD", "HIM", "HER", "HIS", "SHE",
    "WHO", "WHY", "HOW", "CAN", "SAW", "GOT", "GET", "SET", "JUN", "JUL", "AUG",
    "SEP", "OCT", "NOV", "DEC", "JAN", "FEB", "MAR", "APR", "MAY", "NEAR",
}

# --------------------------------------------------------------------------- #
# street addresses
# --------------------------------------------------------------------------- #
_STOP = {
    "a", "an", "the", "on", "in", "at", "near", "by", "of", "to", "and", "or",
    "from", "down", "up", "along", "across", "over", "under", "my", "our",
    "their", "his", "her", "your", "this", "that", "these", "those", "men",
    "man", "women", "woman", "people", "guys", "lads", "kids", "cars", "times",
    "days", "hours", "mins", "minutes", "weeks", "years", "miles", "very",
    "more", "less", "few", "other", "main", "same", "next", "each", "every",
    "into", "onto", "off", "out", "with", "without", "for", "is", "was",
    "were", "are", "be", "it", "its", "them", "they", "we", "you", "i",
}
# street types that are rarely ordinary words: matched in any case
_STREET_SAFE = (
    r"street|st|road|rd|avenue|ave|lane|ln|crescent|cres|terrace|gardens|gdns|"
    r"mews|boulevard|blvd|grove|esplanade|embankment|cul-de-sac"
)
# street types that are also ordinary words: the name must be capitalised
_STREET_WORDY = (
    r"Close|Drive|Way|Place|Court|Square|Parade|Hill|Park|Walk|Row|Rise|View|"
    r"Green|Vale|Wharf|Yard|Gate|Circus|Broadway|Quay|Approach|Path|Crossing"
)
_HOUSE_NO = r"\b\d{1,4}[A-Za-z]?(?:\s?-\s?\d{1,4}[A-Za-z]?)?,?\s+"
_ADDRESS_ANYCASE = re.compile(
    rf"{_HOUSE_NO}((?:[A-Za-z][A-Za-z'\-]*\s+){{1,3}})(?:{_STREET_SAFE})\b\.?",
    _I,
)
_ADDRESS_CAPS = re.compile(
    rf"{_HOUSE_NO}((?:[A-Z][A-Za-z'\-]*\s+){{1,3}})(?:{_STREET_WORDY})\b"
)
_FLAT = re.compile(
    r"\b(?:flat|apartment|apt|maisonette)\s*(?:no\.?\s*|number\s*)?\d{1,4}[A-Za-z]?\b",
    _I,
)
_HOUSE_NUMBER = re.compile(r"\b(?:house|door)\s+(?:no\.?|number)\s*\d{1,4}[A-Za-z]?\b", _I)

# --------------------------------------------------------------------------- #
# stated names and dates of birth
# --------------------------------------------------------------------------- #
_NAME_WORDS = r"((?:[A-Za-z][A-Za-z'\-]*[A-Za-z]\b)(?:\s+[A-Za-z][A-Za-z'\-]*[A-Za-z]\b){0,2})"
_NAME_WORDS_CAPS = r"((?:[A-Z][A-Za-z'\-]*[A-Za-z]\b)(?:\s+[A-Z][A-Za-z'\-]*[A-Za-z]\b){0,2})"
# after these, a name in any case ("my name is jo bloggs")
_NAME_INTRO = re.compile(
    r"\b((?i:my name is|my name's|my names|my full name is|i am called|i'm called|"
    r"im called|his name is|her name is|their name is|he is called|she is called|"
    r"he's called|she's called|name:))\s*" + _NAME_WORDS
)
# after these, only a capitalised name ("a man named Jo Bloggs")
_NAME_INTRO_CAPS = re.compile(
    r"\b((?i:named|my son is|my daughter is|my brother is|my sister is|"
    r"my husband is|my wife is|my partner is|my friend is|my neighbour is|"
    r"my dad is|my mum is|my cousin is|i'm|i am|im))\s+" + _NAME_WORDS_CAPS
)
_NAME_STOP = _STOP | {
    "not", "worried", "scared", "here", "just", "really", "so", "going",
    "concerned", "unsure", "sure", "about", "called", "someone", "somebody",
    "anonymous", "none", "nobody", "too", "also", "still", "being", "getting",
    "radicalised", "radicalized", "acting", "involved", "online", "ok", "okay",
    "fine", "good", "bad", "sad", "afraid", "if", "how", "what", "why", "when",
    "where", "who", "which", "because", "but", "so", "then", "all", "any",
    "some", "no", "yes", "important", "irrelevant", "private", "secret",
    "anonymous", "worried", "terrified", "frightened", "confused", "back",
    "later", "please", "asap", "tomorrow", "today", "tonight", "muslim",
    "christian", "jewish", "british", "english", "scottish", "welsh", "irish",
    "sorry", "unsure", "new", "old", "years", "in", "from", "prevent",
    "channel", "act", "police", "counter", "mi5", "mi6",
}
_DOB = re.compile(
    r"\b(d\.?o\.?b\.?|date of birth|born on|born|birthday is|birthday)\s*(?:is|:|was)?\s*"
    r"(\d{1,2}(?:st|nd|rd|th)?[\s/.\-]+(?:\d{1,2}|[A-Za-z]{3,9})[\s/.\-]+\d{2,4})",
    _I,
)


def _sub_name(match: Match[str]) -> str:
    intro, names = match.group(1), match.group(2)
    kept: List[str] = []
    for w in names.split():
        if w.lower().strip("'-") in _NAME_STOP or w.isupper() and len(w) <= 4:
            break
        kept.append(w)
    if not kept:
        return match.group(0)
    # keep whatever followed the name words we decided were not a name
    consumed = match.group(0)
    cut = consumed.index(kept[-1], len(intro)) + len(kept[-1])
    return f"{intro} {PLACEHOLDERS['name']}{consumed[cut:]}"


def _sub_address(match: Match[str]) -> str:
    name_words = match.group(1).split()
    if any(w.lower() in _STOP for w in name_words):
        # "2 men on the road": not an address. Retry with only the last words
        # after the last stop word would need a house number; keep text.
        return match.group(0)
    return PLACEHOLDERS["address"]


def _sub_vrm(match: Match[str]) -> str:
    raw = match.group(0)
    if _VRM_EXCEPT.match(raw.replace(" ", "")):
        return raw
    if _ROAD_LIKE.match(raw) and raw[-3:] in _COMMON3:
        return raw
    return PLACEHOLDERS["vrm"]


_Step = Tuple[Pattern[str], Callable[[Match[str]], str]]

_STEPS: List[_Step] = [
    (_EMAIL, lambda m: PLACEHOLDERS["email"]),
    (_EMAIL_SPELLED, lambda m: PLACEHOLDERS["email"]),
    (_EMAIL_BRACKET_AT, lambda m: PLACEHOLDERS["email"]),
    (_DOB, lambda m: f"{m.group(1)} {PLACEHOLDERS['dob']}"),
    (_NINO, lambda m: PLACEHOLDERS["nino"]),
    (_DIGIT_RUN, _classify_digits),
    (_POSTCODE, lambda m: PLACEHOLDERS["postcode"]),
    *[(p, _sub_vrm) for p in _VRM_PATTERNS],
    (_FLAT, lambda m: PLACEHOLDERS["address"]),
    (_HOUSE_NUMBER, lambda m: PLACEHOLDERS["address"]),
    (_ADDRESS_ANYCASE, _sub_address),
    (_ADDRESS_CAPS, _sub_address),
    (_NAME_INTRO, _sub_name),
    (_NAME_INTRO_CAPS, _sub_name),
]


def redact(text: str) -> str:
    """Return ``text`` with personal details replaced by placeholders.

    Pure and deterministic. Non-string input is returned unchanged.
    """
    if not isinstance(text, str) or not text:
        return text
    for pattern, repl in _STEPS:
        text = pattern.sub(repl, text)
    return text
