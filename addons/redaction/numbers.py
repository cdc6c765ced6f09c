"""Phone, card, National Insurance and other long numbers. Each finder returns (start, end, kind)."""

from __future__ import annotations

import re
from typing import List, Tuple

from phonenumbers import Leniency, PhoneNumberMatcher, national_significant_number

Span = Tuple[int, int, str]

# Numbers the bot itself gives out or that users quote as "who should I call".
# Compared as bare digit strings (national form). Anything here is never redacted.
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

_DIGIT = re.compile(r"\d")
# "07912_345_678": libphonenumber does not take "_" as a separator; "-" has the same length
_UNDERSCORE = re.compile(r"(?<=\d)_(?=\d)")
# "o7700 900123", "077OO900123": the letter O typed for a zero (same length, for matching only)
_LETTER_O = re.compile(r"(?<=\d)[oO]|[oO](?=\d)")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_GROUPS = re.compile(r"\d+")
# a run of digits with single separators, optionally starting with + (international prefix)
_DIGIT_RUN = re.compile(r"(?<![\d+])(?:\+\s?)?\(?\d(?:(?:[ \-./_]|\)\s?|\s?\()?\d){5,}(?!\d)")
# two letters, six digits, optional suffix letter; any separators
_NINO = re.compile(r"\b([A-Z]{2})([ \-./]?)\d(?:[ \-./]?\d){5}(?:[ \-./]?[A-D])?\b", re.IGNORECASE)
# two-letter words that read as the prefix when spaced ("on 12 34 56")
_NINO_NOT_PREFIX = frozenset(
    """
    on in at is it to of by me my we he up so no or as an be do go if us am pm id
    """.split()
)


def _is_public(digits: str) -> bool:
    if digits in PUBLIC_NUMBERS:
        return True
    intl = digits[2:] if digits.startswith("00") else digits
    return intl.startswith("44") and "0" + intl[2:].lstrip("0") in PUBLIC_NUMBERS


def _years_only(raw: str) -> bool:
    """'2019 2020 2021' and '2017-2024' are years, not a number."""
    groups = _GROUPS.findall(raw)
    return len(groups) > 1 and all(_YEAR.match(g) for g in groups)


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def phone_spans(text: str) -> List[Span]:
    """libphonenumber's matcher, region GB, lenient: any format a person types."""
    spans: List[Span] = []
    if len(_DIGIT.findall(text)) < 7:
        return spans
    text = _LETTER_O.sub("0", _UNDERSCORE.sub("-", text))
    for match in PhoneNumberMatcher(text, "GB", leniency=Leniency.POSSIBLE):
        if len(_DIGIT.findall(match.raw_string)) < 9:
            continue  # GB "local" lengths: years, times, short codes
        national = "0" + national_significant_number(match.number)
        if _is_public(national) or national[1:] in PUBLIC_NUMBERS or _years_only(match.raw_string):
            continue
        spans.append((match.start, match.end, "phone"))
    return spans


def _classify_run(raw: str) -> str:
    digits = re.sub(r"\D", "", raw)
    n = len(digits)
    if _is_public(digits) or _years_only(raw):
        return ""
    if raw.startswith("+") or digits.startswith("00"):
        intl = digits[2:] if digits.startswith("00") else digits
        if 7 <= len(intl) <= 15:
            return "phone"
    elif digits.startswith("0") and n in (10, 11):
        return "phone"
    elif digits.startswith("7") and n == 10:
        return "phone"  # a mobile written without its 0
    if 13 <= n <= 19 and (luhn_ok(digits) or n == 16):
        return "card"
    if n >= 9:
        return "number"
    return ""  # short runs ("10 11 12", "1 000 000", reference 123456) are kept


def number_spans(text: str) -> List[Span]:
    """Cards (Luhn, or 16 digits), phones libphonenumber missed, and any other run of 9+ digits."""
    spans: List[Span] = []
    for match in _DIGIT_RUN.finditer(_LETTER_O.sub("0", text)):
        kind = _classify_run(match.group(0))
        if kind:
            spans.append((match.start(), match.end(), kind))
    return spans


def nino_spans(text: str) -> List[Span]:
    spans: List[Span] = []
    for match in _NINO.finditer(text):
        if match.group(2) == " " and match.group(1).lower() in _NINO_NOT_PREFIX:
            continue
        spans.append((match.start(), match.end(), "nino"))
    return spans
