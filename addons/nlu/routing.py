"""Which intent a message is routed to: every override of the intent classifier, in one ordered table.

Read ROUTES top to bottom: the first row whose test is true decides, and KEEP means the
classifier's guess stands. Pure (no Rasa): addons/nlu/router.py applies it to each parsed
message, and tests/test_routing.py checks it row by row.
"""

import re
from dataclasses import dataclass
from typing import Callable, FrozenSet, Optional, Tuple

from addons.nlu import cues, safety
from addons.nlu.input_guard import needs_fallback

EMERGENCY = "report_emergency"  # "Call 999 now." first
CRISIS = "crisis"  # 999 and Samaritans
HARM = "request_harm"  # refused, then signposted
CONCERN = "report_concern"  # gov.uk/ACT and the hotline 0800 789 321, then "is anyone in danger?"
STATISTICS = "ask_statistics"  # a figure from actions/figures.yml
FALLBACK = "nlu_fallback"  # "Sorry, I did not understand that" with the signposts
KEEP = None  # the classifier's guess stands

NINE_NINE_NINE = {EMERGENCY, CRISIS}
# Routes whose reply already gives the number to call for that concern: a "what number do I call?" keeps them.
GIVES_A_NUMBER = NINE_NINE_NINE | {
    HARM,
    CONCERN,
    "report_online_content",
    "worried_radicalisation",
    "report_other_crime",
    "ask_human",
}
# Routes whose reply puts 999 first, or 999/101 for other crimes: kept for an emergency number question.
GIVES_999 = NINE_NINE_NINE | {"report_other_crime"}
_QUESTION_ABOUT_CTP = re.compile(r"^(ask_(?!statistics)\w+|out_of_scope)$")  # questions, not concerns


@dataclass(frozen=True)
class Parsed:
    """What the router knows of a message: its text, the classifier's guess, the domain terms found."""

    text: str
    intent: Optional[str]  # None when the classifier could not guess (no features)
    confidence: float
    terms: FrozenSet[str]  # canonical ids of the domain terms in it ("arrests", "prevent")
    max_chars: int  # longer messages get the fallback reply
    fallback_threshold: float  # a guess below this confidence is not trusted


@dataclass(frozen=True)
class Route:
    name: str  # what a reader (and the debug log) calls this row
    applies: Callable[[Parsed], bool]
    intent: Optional[str]  # the intent to force, or KEEP


# --- the tests the rows use, each about one thing ------------------------------------------------


def unsure(m: Parsed) -> bool:
    return m.intent is None or m.confidence < m.fallback_threshold


def sure_of(m: Parsed, intents) -> bool:
    return m.intent in intents and not unsure(m)


def danger_words(m: Parsed) -> bool:
    return safety.says_crisis(m.text) or safety.says_emergency(m.text) or safety.asks_for_harm(m.text)


def crisis_words(m: Parsed) -> bool:
    return safety.says_crisis(m.text)


def emergency_words(m: Parsed) -> bool:
    return safety.says_emergency(m.text)


def harm_request(m: Parsed) -> bool:
    return safety.asks_for_harm(m.text)


def unreadable(m: Parsed) -> bool:
    return needs_fallback(m.text, m.max_chars)


def number_question(m: Parsed) -> bool:
    return cues.asks_for_a_number_to_call(m.text)


def emergency_number_question(m: Parsed) -> bool:
    return cues.asks_for_a_number_to_call(m.text) and cues.mentions_an_emergency(m.text)


def figure_question(m: Parsed) -> bool:
    return cues.asks_for_a_figure(m.text, m.terms)


def about_ctp_or_unsure(m: Parsed) -> bool:
    return bool(_QUESTION_ABOUT_CTP.match(m.intent or "")) or unsure(m)


def _both(*tests: Callable[[Parsed], bool]) -> Callable[[Parsed], bool]:
    return lambda m: all(test(m) for test in tests)


def _guess_is(intents) -> Callable[[Parsed], bool]:
    return lambda m: sure_of(m, intents)


def _unless_guess_is(intents) -> Callable[[Parsed], bool]:
    return lambda m: not sure_of(m, intents)


ROUTES: Tuple[Route, ...] = (
    # Danger words win over any guess, unless a sure guess already sends to 999.
    Route("999 guess stands", _both(_guess_is(NINE_NINE_NINE), danger_words), KEEP),
    Route("crisis words", crisis_words, CRISIS),
    Route("emergency words", emergency_words, EMERGENCY),
    Route("harm request", harm_request, HARM),
    # Nothing a classifier should guess at: empty, no letters, markup, too long.
    Route("unreadable", unreadable, FALLBACK),
    # "What number do I call?" wants 999 or the hotline, not a count of calls.
    Route("999 number question", _both(emergency_number_question, _unless_guess_is(GIVES_999)), EMERGENCY),
    Route("number question, guess gives one", _both(number_question, _guess_is(GIVES_A_NUMBER)), KEEP),
    Route("hotline number question", number_question, CONCERN),
    # A quantity about a domain term comes from the figures file; concerns are never re-routed.
    Route("figure question", _both(figure_question, about_ctp_or_unsure), STATISTICS),
    Route("unsure guess", unsure, FALLBACK),
    Route("classifier guess", lambda m: True, KEEP),
)


def route(parsed: Parsed) -> Route:
    """The first row of ROUTES that applies to the message."""
    return next(row for row in ROUTES if row.applies(parsed))


def routed_intent(parsed: Parsed) -> Optional[str]:
    """The intent the message goes to: the row's, or the classifier's when the row keeps it."""
    row = route(parsed)
    return parsed.intent if row.intent is KEEP else row.intent
