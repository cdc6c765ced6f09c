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
RADICALISATION = "worried_radicalisation"  # Prevent, gov.uk/ACT and 999
OTHER_CRIME = "report_other_crime"  # 999 in an emergency, 101 otherwise
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
    RADICALISATION,
    OTHER_CRIME,
    "ask_human",
}
# A sign of planning keeps these guesses (they already give gov.uk/ACT); it may re-route any other.
REPORT_ROUTES = frozenset({CONCERN, ONLINE, RADICALISATION, CRISIS})
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


def crisis_with_others_in_danger(m: Parsed) -> bool:
    return safety.says_crisis_with_others_in_danger(m.text)


def emergency_words(m: Parsed) -> bool:
    return safety.says_emergency(m.text)


# How sure a report guess must be to stand over words that only say someone keeps a weapon, or that
# name the means of harm in a message that asks for nothing
SURE_OF_A_REPORT = 0.7


def surely_a_report(m: Parsed, intents=(CONCERN,)) -> bool:
    return m.intent in intents and m.confidence >= SURE_OF_A_REPORT


def weapon_kept_told_as_a_report(m: Parsed) -> bool:
    # "my brother in law has a gun in the loft and goes on about the government": a suspicion to report.
    # The classifier must be sure of a report route; each of those replies gives 999 if anyone is in danger.
    # Not another crime ("the drug dealer downstairs has a gun": 999, it is no suspicion of terrorism).
    sure = surely_a_report(m, (CONCERN, RADICALISATION, ONLINE))
    return sure and safety.tells_only_of_a_weapon_kept(m.text) and not cues.names_a_crime(m.text)


def harm_words_in_a_report(m: Parsed) -> bool:
    # "IT admin. One user keeps searching how to make detonators on his work laptop": harm words, but the
    # classifier is sure of a report and the message asks nothing (a question or an order stays refused)
    return surely_a_report(m) and cues.asks_nothing(m.text)


def harm_request(m: Parsed) -> bool:
    # "i want to tell someone about my cousin, he talks about making weapons" reports harm, asks for none
    return safety.asks_for_harm(m.text) and not cues.wants_to_tell_someone(m.text)


SHORT_PLAIN_WORDS = 3  # "asdkj qweoi zmxn" looks Slovak to a detector: too little to call it a language


def other_language(m: Parsed) -> bool:
    short_and_plain = len(m.text.split()) <= SHORT_PLAIN_WORDS and m.text.isascii()
    return language.is_a_cry_for_help(m.text) or (not short_and_plain and language.is_other_language(m.text))


def online_material(m: Parsed) -> bool:
    return cues.describes_online_material(m.text)


def material_told_of(m: Parsed) -> bool:
    # "a youtube channel keeps uploading speeches urging attacks": told of, though it names Channel
    return cues.describes_online_material(m.text) and not cues.is_a_question(m.text)


def material_no_person(m: Parsed) -> bool:
    # "ended up on a page with a video of hostages": the material, not a person being drawn in
    return cues.describes_online_material(m.text) and not cues.mentions_a_person(m.text)


def material_no_threat_now(m: Parsed) -> bool:
    # "a drill video waving guns", "a tiktok showing how to make a bomb": seen online, no threat and
    # nothing happening now; the online reply still says 999 if anyone is in danger
    return cues.describes_online_material(m.text) and not safety.threatens_or_now(m.text)


def harm_told_of(m: Parsed) -> bool:
    # "a customer kept asking how to get hold of explosives": a report about him, not a request
    harm = safety.asks_for_harm(m.text) or m.intent == HARM
    return harm and cues.tells_of_someone_seeking_harm(m.text)


def material_in_the_street(m: Parsed) -> bool:
    return cues.describes_material_in_the_street(m.text)


def excuse(m: Parsed) -> bool:
    # "jk im just curious", "its for a novel": said after a refusal; no term, so not a question about CTP
    return cues.offers_an_excuse(m.text) and not m.terms


def drawn_in_myself(m: Parsed) -> bool:
    return cues.describes_being_drawn_in_myself(m.text)


def other_crime(m: Parsed) -> bool:
    return cues.describes_other_crime(m.text)


def drawn_in(m: Parsed) -> bool:
    return cues.describes_being_drawn_in(m.text)


def planning_signs(m: Parsed) -> bool:
    return cues.describes_signs_of_planning(m.text)


def online(m: Parsed) -> bool:
    return cues.online_words(m.text)


def not_online(m: Parsed) -> bool:
    return not cues.online_words(m.text) and not cues.describes_online_material(m.text)


def not_a_report_guess(m: Parsed) -> bool:
    return m.intent not in REPORT_ROUTES  # an emergency guess here had no danger words


def may_be_another_crime(m: Parsed) -> bool:
    # a report or an emergency guess without danger words, or not a question about CTP ("is Prevent
    # racist?" keeps its answer; "who do i tell about a fake tenner" was out of scope); a harm guess
    # without harm words that tells of a crime ("racist graffiti on the mosque wall"), asks for nothing
    told_not_asked = m.intent == HARM and not cues.is_a_question(m.text)
    return m.intent in (CONCERN, EMERGENCY, "out_of_scope") or unsure(m) or told_not_asked


def details_here(m: Parsed) -> bool:
    return cues.offers_details_here(m.text)


def past_figure_question(m: Parsed) -> bool:
    # "how much terrorist content was reported online in 2024": a figure, though it names a concern
    return cues.asks_for_a_figure(m.text, m.terms) and cues.asks_about_a_period(m.text, m.terms)


def how_to_report(m: Parsed) -> bool:
    return cues.asks_how_to_report(m.text)


def share_question(m: Parsed) -> bool:
    return cues.asks_whether_to_share(m.text)


def how_to_report_it(m: Parsed) -> bool:
    return cues.asks_how_to_report_it(m.text)


def how_to_refer(m: Parsed) -> bool:
    return cues.asks_how_to_refer(m.text)


def ways_to_report(m: Parsed) -> bool:
    return cues.asks_about_ways_to_report(m.text)


def names_no_material_or_crime(m: Parsed) -> bool:
    return not cues.describes_online_material(m.text) and not cues.describes_other_crime(m.text)


def wants_to_tell(m: Parsed) -> bool:
    return cues.wants_to_tell_someone(m.text)


def backed_999_guess(m: Parsed) -> bool:
    # a sure crisis guess with any danger words; a sure emergency guess only with emergency words
    # ("i cant cope with the panic attacks since the attack" is a crisis, whatever the guess)
    if sure_of(m, {CRISIS}):
        return danger_words(m)
    danger = safety.says_emergency(m.text) or safety.asks_for_harm(m.text)
    return sure_of(m, {EMERGENCY}) and danger and not material_no_threat_now(m)


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


def samaritans_number_question(m: Parsed) -> bool:
    return cues.asks_for_samaritans(m.text)


def emergency_number_question(m: Parsed) -> bool:
    return cues.asks_for_a_number_to_call(m.text) and cues.mentions_an_emergency(m.text)


def gives_999_for_it(m: Parsed) -> bool:
    # a sure guess whose reply puts 999 first; or 999/101 where the message names another crime (a bare
    # "what number do I call in an emergency" taken for another crime would start "I can only help with terrorism")
    return sure_of(m, NINE_NINE_NINE) or (sure_of(m, {OTHER_CRIME}) and other_crime(m))


def figure_question(m: Parsed) -> bool:
    return cues.asks_for_a_figure(m.text, m.terms)


def about_ctp_or_unsure(m: Parsed) -> bool:
    return bool(_QUESTION_ABOUT_CTP.match(m.intent or "")) or unsure(m)


def about_ctp_or_no_figure_asked(m: Parsed) -> bool:
    return about_ctp_or_unsure(m) or (m.intent == STATISTICS and not figure_question(m))


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
    # "he'll kill himself and take others with him": "Call 999 now", even over a sure crisis guess (whose
    # reply puts 999 first too, but as a question); the 999 reply gives Samaritans as well
    Route("crisis, others in danger too", crisis_with_others_in_danger, EMERGENCY),
    Route("999 guess stands", backed_999_guess, KEEP),
    Route("crisis words", crisis_words, CRISIS),
    # Material online that shows weapons or bombs, with no threat and nothing happening now: online content.
    Route(
        "online material, no threat now",
        _both(material_no_threat_now, _guess_in({EMERGENCY, HARM, CONCERN, ONLINE})),
        ONLINE,
    ),
    # "has a stash of knives and a manifesto on his wall", sure of a report: nothing shown or happening now
    Route("a weapon kept, taken for a report", weapon_kept_told_as_a_report, KEEP),
    Route("emergency words", emergency_words, EMERGENCY),
    # "a livestream of an attack going round", "a forum with bomb-making guides": material online, told
    # about, not asked for; only guesses of another concern are re-routed (no danger words above; an
    # emergency guess only by the row above: "sent me a video, he's driving there now" stays 999),
    # and an online-content guess is not turned into a refusal by the harm words below.
    Route("online material", _both(online_material, _guess_in({HARM, CONCERN, ONLINE})), ONLINE),
    Route("online material, no person named", _both(material_no_person, _guess_in({RADICALISATION})), ONLINE),
    Route(
        "online material told of, taken for a question", _both(material_told_of, about_ctp_or_unsure), ONLINE
    ),
    # "my flatmate has been researching how to make poison": someone else sought it; a report
    Route("harm told of, not asked for", harm_told_of, CONCERN),
    Route("harm words in a report that asks nothing", _both(harm_request, harm_words_in_a_report), CONCERN),
    Route("harm request", harm_request, HARM),
    # the excuse is refused too; crisis, small talk or "none of these" were the guesses it got
    Route(
        "an excuse for asking",
        _both(excuse, _guess_in({CRISIS, "out_of_scope", "greet", "thank", "goodbye", "affirm", "deny"})),
        HARM,
    ),
    # Not English: no guess at all, but every route in view (an English danger phrase won above).
    Route("other language", other_language, OTHER_LANGUAGE),
    # "I want to make a report", "who do I tell about someone": a report the classifier took for a
    # crisis or a harm request (crisis and harm words decided above).
    Route("crisis or harm guess, wants to tell someone", _both(crisis_or_harm_guess, wants_to_tell), CONCERN),
    # "where do I report terrorism" wants the way to report, not what happens to a report afterwards
    Route("how to report", _both(how_to_report, _guess_in({"ask_what_happens_to_report"})), CONCERN),
    # "ok how do i report then", naming nothing (after a talk of terrorism): not off-topic. "How do i report
    # a crime that is not urgent" keeps the off-topic reply, which shows 101 and every other route.
    Route(
        "how to report it, taken as off-topic",
        _both(how_to_report_it, _guess_in({"out_of_scope"})),
        CONCERN,
    ),
    # "ok how do i refer him then" (after a talk of Prevent): not off-topic; the Prevent reply says how
    Route(
        "how to refer, taken as off-topic", _both(how_to_refer, _guess_in({"out_of_scope"})), RADICALISATION
    ),
    # "can I report it by phone instead of online", "is there a way to report without calling": the ways to
    # report, taken for online material or another crime that neither names ("where do I report a stolen
    # bike" keeps 101)
    Route(
        "how to report, taken for another route",
        _both(ways_to_report, _guess_in({ONLINE, OTHER_CRIME}), names_no_material_or_crime),
        CONCERN,
    ),
    # Nothing a classifier should guess at: empty, no letters, markup, too long.
    Route("unreadable", unreadable, FALLBACK),
    # Word cues for concerns the classifier mistook for another route (danger words were read above, so
    # an emergency guess here has none). "Can I just tell you the details here?": not a way to report.
    Route("details offered here", _both(details_here, _unless_guess_is(GIVES_A_NUMBER)), CONCERN),
    # "should i send the link to my friends so they can report it too": the online reply says not to share it
    Route(
        "whether to share material",
        _both(share_question, _guess_in({CONCERN, ONLINE, "out_of_scope"})),
        ONLINE,
    ),
    # "my mate wants to go and join isis", "obsessed with school shooters": Prevent, whatever the guess
    Route(
        "someone being drawn in", _both(drawn_in, _unless_guess_is({RADICALISATION, CRISIS})), RADICALISATION
    ),
    # "i think im being pulled in by a group online": Prevent is for the writer too (crisis words decided above)
    Route("drawn in myself, taken for a crisis", _both(drawn_in_myself, _guess_in({CRISIS})), RADICALISATION),
    # "an account with a banned group's flag recruiting": online; "filming the back entrances": a report
    Route("signs of planning online", _both(planning_signs, online, not_a_report_guess), ONLINE),
    Route("signs of planning", _both(planning_signs, not_a_report_guess), CONCERN),
    # "I want to pass on some info": a report, though no material is named
    Route(
        "telling, taken for online content", _both(wants_to_tell, _guess_in({ONLINE}), not_online), CONCERN
    ),
    # "posters of a banned group in his window", "leaflets calling for attacks": seen in person, a report
    Route(
        "material in the street, taken for online content",
        _both(material_in_the_street, _guess_in({ONLINE})),
        CONCERN,
    ),
    # "drug dealing in the flat above": a crime, but not terrorism (no terrorism word): 101, 999 if urgent
    Route("another crime", _both(other_crime, may_be_another_crime), OTHER_CRIME),
    Route("figure about a period", _both(past_figure_question, _guess_in({CONCERN, ONLINE})), STATISTICS),
    # "What number do I call?" wants 999 or the hotline, not a count of calls.
    Route(
        "999 number question", _both(emergency_number_question, lambda m: not gives_999_for_it(m)), EMERGENCY
    ),
    Route("samaritans number question", samaritans_number_question, CRISIS),
    Route("number question, guess gives one", _both(number_question, _guess_is(GIVES_A_NUMBER)), KEEP),
    Route("hotline number question", number_question, CONCERN),
    # A quantity about a domain term comes from the figures file; concerns are never re-routed.
    Route("figure question", _both(figure_question, about_ctp_or_unsure), STATISTICS),
    # "what about people in prison": the NLU does not see the conversation, so the rules do: after a
    # figure, the figure for the new term; otherwise what the term is (actions/topics.py), or its figure.
    Route("follow-up naming a term", _both(figure_follow_up, about_ctp_or_unsure), FOLLOW_UP),
    # "What's the difference between Prevent and Pursue?": both answers, not one.
    # "whats the difference between prevent and channel" taken for a figure, though it asks for none
    Route("several topics", _both(several_topics, about_ctp_or_no_figure_asked), SEVERAL_TOPICS),
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
