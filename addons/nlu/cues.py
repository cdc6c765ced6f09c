"""Word cues the routing table reads besides danger phrases: a figure asked for, a number to call asked for.

"What percent of Prevent cases go to other services?" shares nearly every word with the
question about how Prevent works, and the classifier follows the words; asking for a quantity
while naming a domain term is the stronger cue. "What number do I call?" asks for a quantity
word-for-word, but wants the hotline or 999, not a count: that cue is checked first.
"""

import re
from typing import Iterable, Optional

_QUANTITY = re.compile(
    r"\b(how many|how much|what (percent(age)?|per ?cent|proportion|share|fraction|number)|"
    r"(number|percentage|proportion) of|statistics?|stats|figures?)\b",
    re.IGNORECASE,
)

# "what number do I ring", "which is the number for the hotline", "what's the hotline number"
_WHICH_NUMBER = re.compile(
    r"\b(what|which)(\s+is|'s|s)?(\s+(the|a|your))?(\s+[\w-]+)?\s+(phone\s+)?numbers?\b(?!\s+of\b)",
    re.IGNORECASE,
)
# "a number to call", "number I should ring", "the hotline number", "a phone number"
_NUMBER_TO_CALL = re.compile(
    r"\bnumbers?\s+(to|i|you|we|do|should|can|could|for\s+(the\s+)?(hotline|helpline|police|reporting|emergenc))\b"
    r"|\b(phone|telephone|hotline|helpline|contact|emergency)\s+numbers?\b(?!\s+of\b)",
    re.IGNORECASE,
)
_CONTACT_WORD = re.compile(
    r"\b(call|ring|dial|phone|telephone|contact|text|reach|report\w*|tell|hotline|helpline|emergenc(y|ies)|999)\b",
    re.IGNORECASE,
)
_COUNTING = re.compile(
    r"\b(how (many|much|often)|per (year|month|day)|each year|a year|last year|since)\b", re.IGNORECASE
)
_EMERGENCY_WORDING = re.compile(
    r"\b(emergenc(y|ies)|urgent(ly)?|in danger|right now|immediately|999)\b", re.IGNORECASE
)


def asks_for_a_figure(text: Optional[str], terms: Iterable[str]) -> bool:
    """A quantity asked for ("how many", "what percentage") about a domain term ("arrests")."""
    return bool(_QUANTITY.search(text or "")) and any(True for _ in terms)


def asks_for_a_number_to_call(text: Optional[str]) -> bool:
    """Which telephone number to use ("what number do I call"), not how many of something."""
    text = text or ""
    asks = _WHICH_NUMBER.search(text) or _NUMBER_TO_CALL.search(text)
    return bool(asks and _CONTACT_WORD.search(text) and not _COUNTING.search(text))


def mentions_an_emergency(text: Optional[str]) -> bool:
    """Emergency wording ("in an emergency", "urgent", "right now"): 999 comes first."""
    return bool(_EMERGENCY_WORDING.search(text or ""))
