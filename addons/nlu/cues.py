"""Word cues the routing table reads besides danger phrases: a figure asked for, a number to call asked for.

"What percent of Prevent cases go to other services?" shares nearly every word with the
question about how Prevent works, and the classifier follows the words; asking for a quantity
while naming a domain term is the stronger cue. "What number do I call?" asks for a quantity
word-for-word, but wants the hotline or 999, not a count: that cue is checked first.
"""

import re
from typing import Iterable, Optional

_QUANTITY = re.compile(
    r"\b(how many|hw many|how much|how often|what (percent(age)?|per ?cent|proportion|share|fraction|number)|"
    r"(number|percentage|proportion|breakdown|split) of|statistics?|stats|figures?|numbers|breakdown|"
    r"per (year|yr|annum)|a lot of)\b|%",
    re.IGNORECASE,
)
_YEAR_TERMS = frozenset({"year_2024", "year_2025"})  # years the figures file has figures for

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


# "what about people in prison", "ok and in 2025?", "how about far right": a follow-up that changes
# the figure's topic, not a new question ("and whats channel" asks what Channel is).
_FOLLOW_UP = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|so|right|then|hmm+)\W+)*(?:what about|how about|what of|and)\b"
    r"(?!\s+(?:what|whats|what's|who|why|where|when|how do|how does|is|are)\b)",
    re.IGNORECASE,
)
# Wanting to tell the police something: a report, not a personal crisis ("i want to mke a reprot",
# "who do i talk to if i'm worried about someone", "pass on some information").
_TELLING = re.compile(
    r"\b(report\w*|reprot\w*|repot\w*|raport\w*|pass(ing)? (on|along)|information|info|tip[- ]?off|"
    r"get in touch|tell (the police|someone|somebody|anyone|you|them|the authorities))\b"
    r"|\bwho (do|should|can|could|would) i (tell|talk to|speak to|contact|go to)\b.*\babout (someone|somebody|something|a|an|my|him|her|them|this|that)\b",
    re.IGNORECASE,
)


FOLLOW_UP_MAX_WORDS = 6  # "what about neo nazis, do you deal with them" is a new question, not a follow-up


# Terrorist material seen or shared online: a video, a post, a guide, on a site or going round.
_MATERIAL = re.compile(
    r"\b(videos?|vids?|livestreams?|live ?streams?|footage|clips?|pdfs?|posts?|memes?|guides?|manuals?|"
    r"instructions|content|material|propaganda|manifesto|links?)\b",
    re.IGNORECASE,
)
_ONLINE = re.compile(
    r"\b(online|internet|web ?sites?|sites?|forums?|threads?|channels?|group ?chats?|servers?|discord|telegram|"
    r"whatsapp|tiktok|youtube|twitter|facebook|insta(gram)?|snapchat|reddit|social media|feed|page|accounts?)\b"
    r"|\b(shar(e|es|ed|ing)|post(s|ed|ing)|going (round|around)|re-?shared|re-?posted|uploaded|circulating)\b",
    re.IGNORECASE,
)
# Asking for it, not telling about it: "how do i find", "tell me how", "send me".
_REQUEST = re.compile(
    r"\b(how (do|can|could|would|should) (i|we)|tell me how|show me how|teach me|help me|give me|send me|"
    r"where can i (get|find|buy|download|watch))\b",
    re.IGNORECASE,
)


def describes_online_material(text: Optional[str]) -> bool:
    """Material seen or shared online ("a video of an attack going round"), not a request for it."""
    text = text or ""
    return bool(_MATERIAL.search(text) and _ONLINE.search(text)) and not _REQUEST.search(text)


def follows_up_on_a_figure(text: Optional[str], terms: Iterable[str]) -> bool:
    """A short follow-up ("what about X", "and X?") naming a domain term: the next figure asked for."""
    text = text or ""
    short = len(text.split()) <= FOLLOW_UP_MAX_WORDS
    return short and bool(_FOLLOW_UP.search(text)) and any(True for _ in terms)


_HOW_TO_REPORT = re.compile(
    r"\b(where|how)\s+(do|can|could|should|would)\s+i\s+(go to\s+|go about\s+)?(report|make a report|tell|contact)\b"
    r"|\bwho (do|should|can) i (report|tell)\b"
    r"|\b(is it (ok|okay|alright|worth)|should i( still)?) (to )?report",  # "should i still report it"
    re.IGNORECASE,
)


def asks_how_to_report(text: Optional[str]) -> bool:
    """Where or how to report ("where do i report terrorism"), not what happens to a report."""
    return bool(_HOW_TO_REPORT.search(text or ""))


def wants_to_tell_someone(text: Optional[str]) -> bool:
    """Wants to report or pass on information, or asks whom to tell about someone."""
    return bool(_TELLING.search(text or ""))


def asks_for_a_figure(text: Optional[str], terms: Iterable[str]) -> bool:
    """A quantity asked for ("how many", "what percentage") about a domain term ("arrests"),
    or a year the figures cover with another term ("ctiru referrals 2024")."""
    terms = frozenset(terms)
    year_and_topic = bool(terms & _YEAR_TERMS) and bool(terms - _YEAR_TERMS)
    return (bool(_QUANTITY.search(text or "")) and bool(terms)) or year_and_topic


def asks_for_a_number_to_call(text: Optional[str]) -> bool:
    """Which telephone number to use ("what number do I call"), not how many of something."""
    text = text or ""
    asks = _WHICH_NUMBER.search(text) or _NUMBER_TO_CALL.search(text)
    return bool(asks and _CONTACT_WORD.search(text) and not _COUNTING.search(text))


def mentions_an_emergency(text: Optional[str]) -> bool:
    """Emergency wording ("in an emergency", "urgent", "right now"): 999 comes first."""
    return bool(_EMERGENCY_WORDING.search(text or ""))
