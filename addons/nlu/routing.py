"""Which intent a message is routed to: every override of the intent classifier, in one ordered table.

Read ROUTES top to bottom: the first row whose test is true decides, and KEEP means the
classifier's guess stands. Pure (no Rasa): addons/nlu/router.py applies it to each parsed
message, and tests/test_routing.py checks it row by row.
"""

import re
from dataclasses import dataclass
from typing import Callable, FrozenSet, Optional, Tuple

from addons.nlu import cues, language, safety, topics
from addons.nlu.input_guard import needs_fallback

EMERGENCY = "report_emergency"  # "Call 999 now." first
CRISIS = "crisis"  # 999 and Samaritans
HARM = "request_harm"  # refused, then signposted
CONCERN = "report_concern"  # gov.uk/ACT and the hotline 0800 789 321, then "is anyone in danger?"
ONLINE = "report_online_content"  # gov.uk/ACT; don't share it; 999 if anyone is in danger
STATISTICS = "ask_statistics"  # a figure from actions/figures.yml
SEVERAL_TOPICS = "ask_several_topics"  # each topic's own answer, in order (actions/topics.py)
# "what about X": after a figure, X's figure (data/rules.yml); otherwise what X is, or its figure
FOLLOW_UP = "ask_follow_up"
OTHER_LANGUAGE = "other_language"  # 999 first, gov.uk/ACT, the hotline, "this assistant answers in English"
FALLBACK = "nlu_fallback"  # "Sorry, I did not understand that" with the signposts
KEEP = None  # the classifier's guess stands

# Only this table sends messages to these; a classifier guess of one is not used (addons/nlu/router.py
# takes the next intent of its ranking), since it learnt them only so that Rasa's data checks pass.
TABLE_ONLY = frozenset({SEVERAL_TOPICS, OTHER_LANGUAGE, FOLLOW_UP})
NINE_NINE_NINE = {EMERGENCY, CRISIS}
# Routes whose reply already gives the number to call for that concern: a "what number do I call?" keeps them.
GIVES_A_NUMBER = NINE_NINE_NINE | {
    HARM,
    CONCERN,
    ONLINE,
    "worried_radicalisation",
    "report_other_crime",
    "ask_human",
}
# Routes whose reply puts 999 first, or 999/101 for other crimes: kept for an emergency number question.
GIVES_999 = NINE_NINE_NINE | {"report_other_crime"}
# questions and small talk, not concerns: a cue in the words may re-route these, never a concern
_QUESTION_ABOUT_CTP = re.compile(r"^(ask_(?!statistics)\w+|out_of_scope|greet|goodbye|thank|affirm|deny)$")


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
    # "i want to tell someone about my cousin, he talks about making weapons" reports harm, asks for none
    return safety.asks_for_harm(m.text) and not cues.wants_to_tell_someone(m.text)


SHORT_PLAIN_WORDS = 3  # "asdkj qweoi zmxn" looks Slovak to a detector: too little to call it a language


def other_language(m: Parsed) -> bool:
    short_and_plain = len(m.text.split()) <= SHORT_PLAIN_WORDS and m.text.isascii()
    return not short_and_plain and language.is_other_language(m.text)


def online_material(m: Parsed) -> bool:
    return cues.describes_online_material(m.text)


def how_to_report(m: Parsed) -> bool:
    return cues.asks_how_to_report(m.text)


def wants_to_tell(m: Parsed) -> bool:
    return cues.wants_to_tell_someone(m.text)


def crisis_or_harm_guess(m: Parsed) -> bool:
    return m.intent in (CRISIS, HARM)  # sure or not: a report mistaken for these must not fall back


def figure_follow_up(m: Parsed) -> bool:
    return cues.follows_up_on_a_figure(m.text, m.terms)


def several_topics(m: Parsed) -> bool:
    return topics.asks_about_several(m.text)


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


def _guess_in(intents) -> Callable[[Parsed], bool]:
    return lambda m: m.intent in intents  # sure or not


def _unless_guess_is(intents) -> Callable[[Parsed], bool]:
    return lambda m: not sure_of(m, intents)


ROUTES: Tuple[Route, ...] = (
    # Danger words win over any guess, unless a sure guess already sends to 999.
    Route("999 guess stands", _both(_guess_is(NINE_NINE_NINE), danger_words), KEEP),
    Route("crisis words", crisis_words, CRISIS),
    Route("emergency words", emergency_words, EMERGENCY),
    # "a livestream of an attack going round", "a forum with bomb-making guides": material online, told
    # about, not asked for; only guesses of another concern are re-routed (no danger words above),
    # and an online-content guess is not turned into a refusal by the harm words below.
    Route("online material", _both(online_material, _guess_in({EMERGENCY, HARM, CONCERN, ONLINE})), ONLINE),
    Route("harm request", harm_request, HARM),
    # Not English: no guess at all, but every route in view (an English danger phrase won above).
    Route("other language", other_language, OTHER_LANGUAGE),
    # "I want to make a report", "who do I tell about someone": a report the classifier took for a
    # crisis or a harm request (crisis and harm words decided above).
    Route("crisis or harm guess, wants to tell someone", _both(crisis_or_harm_guess, wants_to_tell), CONCERN),
    # "where do I report terrorism" wants the way to report, not what happens to a report afterwards
    Route("how to report", _both(how_to_report, _guess_in({"ask_what_happens_to_report"})), CONCERN),
    # Nothing a classifier should guess at: empty, no letters, markup, too long.
    Route("unreadable", unreadable, FALLBACK),
    # "What number do I call?" wants 999 or the hotline, not a count of calls.
    Route("999 number question", _both(emergency_number_question, _unless_guess_is(GIVES_999)), EMERGENCY),
    Route("number question, guess gives one", _both(number_question, _guess_is(GIVES_A_NUMBER)), KEEP),
    Route("hotline number question", number_question, CONCERN),
    # A quantity about a domain term comes from the figures file; concerns are never re-routed.
    Route("figure question", _both(figure_question, about_ctp_or_unsure), STATISTICS),
    # "what about people in prison": the NLU does not see the conversation, so the rules do: after a
    # figure, the figure for the new term; otherwise what the term is (actions/topics.py), or its figure.
    Route("follow-up naming a term", _both(figure_follow_up, about_ctp_or_unsure), FOLLOW_UP),
    # "What's the difference between Prevent and Pursue?": both answers, not one.
    Route("several topics", _both(several_topics, about_ctp_or_unsure), SEVERAL_TOPICS),
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
