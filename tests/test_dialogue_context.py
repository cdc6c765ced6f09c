"""Follow-ups answered from the previous turn (addons/dialogue/context.py): pure, no model.

The live conversations are in tests/test_conversations_in_context.py.
"""

import pytest

from actions import figures
from addons.dialogue import context
from addons.dialogue.context import Answer, PreviousTurn, answer, kind_of, leans_on_context, previous_turn
from addons.dialogue.policy import may_take_over
from tests.test_replies import DOMAIN

BOOK = figures.load()


def links(tags, kind):
    return bool(BOOK.follow_up(tags, kind))


def after(*replies, figure_tags=()):
    return PreviousTurn(tuple(replies), tuple(figure_tags))


@pytest.mark.parametrize(
    "text, kind",
    [
        ("since when has it been like that", "when"),
        ("how long has that been the case", "when"),
        ("and the previous year?", "earlier"),
        ("and how about so far this year", "later"),
        ("is that each year", "per_year"),
        ("what happens to the others", "next"),
        ("does anything happen to them", "next"),
        ("how many is that", "how_many"),
        ("whats that supposed to mean", "meaning"),
        ("who pays for all that", "funding"),
        ("who runs it", "who"),
        ("is that the same as pursue", "different"),
        ("why", "more"),
        ("ok", None),
    ],
)
def test_the_kind_of_a_follow_up_is_read_from_its_words(text, kind):
    assert kind_of(text) == kind


@pytest.mark.parametrize(
    "text, leans",
    [
        ("who runs it", True),
        ("and in the year before", True),
        ("since when", True),
        ("how long for?", True),  # very short, and asks when: about the last answer
        ("who are you", False),  # very short, but may be about anything
        ("what is prevent", False),  # a whole question
        ("", False),
        # long enough to be its own message, though it says "it"
        ("i saw a van outside the town hall and it has been there for three days now", False),
    ],
)
def test_a_follow_up_is_short_and_points_back(text, leans):
    assert leans_on_context(text) is leans


def test_the_previous_turn_is_read_between_the_last_two_user_messages():
    events = [
        {"event": "user", "text": "how many referrals to ctiru since 2025"},
        {"event": "bot", "text": "...", "metadata": {}},
        {"event": "slot", "name": "figure_terms", "value": ["ctiru", "year_2025"]},
        {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_signpost_line"}},
        {"event": "user", "text": "what is the threat level"},
        {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_explain_threat_level"}},
        {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_signpost_line"}},
        {"event": "user", "text": "since when"},
    ]
    assert previous_turn(events) == after("utter_explain_threat_level")
    assert previous_turn(events[:5]) == after(figure_tags=["ctiru", "year_2025"])
    assert previous_turn(events[:1]) == after()


@pytest.mark.parametrize(
    "previous, text, expected",
    [
        (
            after("utter_explain_threat_level"),
            "how long has it been at that",
            Answer(("utter_explain_threat_level",)),
        ),
        (after("utter_explain_contest"), "who pays for it", Answer(("utter_explain_ctp",))),
        (
            after("utter_explain_pursue"),
            "and how does that differ from protect",
            Answer(("utter_explain_pursue", "utter_explain_protect")),
        ),
        (
            after("utter_explain_channel"),
            "how many go on it",
            Answer(figures=("channel_cases_per_year", "channel_people_supported_since_2015")),
        ),
        (
            after(figure_tags=["ctiru", "referrals", "year_2025"]),
            "what about the year before",
            Answer(figure_kind="earlier"),
        ),
        (
            after(figure_tags=["ctiru", "referrals", "year_2025"]),
            "and the previous year",
            Answer(figure_kind="earlier"),
        ),
        (after(figure_tags=["arrests"]), "and the previous year", None),  # no figure for it: never made up
        (after(figure_tags=["arrests"]), "what about for women", Answer(no_figure=True)),  # says so
        (after(figure_tags=["prison"]), "whats the breakdown", Answer(figure_kind="split")),
        (after(figure_tags=["channel"]), "and overall?", Answer(figure_kind="total")),
        # after a concern, whatever a short follow-up asks: the same routes again
        (
            after("utter_refuse_harm"),
            "its for a history essay though",
            Answer(("utter_refuse_harm",), signpost_line=False),
        ),
        (
            after("utter_signpost_other_crime"),
            "would you handle that",
            Answer(("utter_signpost_other_crime",), signpost_line=False),
        ),
        # a new question with its own topic keeps its own route
        (after("utter_refuse_harm"), "ok so what does prevent do", None),
        (after("utter_explain_threat_level"), "who pays for it", None),  # nothing on the page: no guess
        (after(), "since when", None),  # nothing before it
    ],
)
def test_a_follow_up_is_answered_from_the_previous_turn(previous, text, expected):
    assert answer(previous, text, [], links) == expected


def test_a_follow_up_naming_a_domain_term_keeps_its_own_route():
    assert answer(after(figure_tags=["arrests"]), "and how many in prison", ["prison"], links) is None


@pytest.mark.parametrize(
    "previous, text, terms, expected",
    [
        # "referrals" alone would find Prevent's; after CTIRU it means the unit's
        (
            after("utter_explain_ctiru"),
            "how many referrals does it get",
            ["referrals"],
            Answer(figures=("ctiru_referrals_2024", "ctiru_referrals_since_2025")),
        ),
        (
            after("utter_explain_prevent"),
            "and how many referrals is that a year",
            ["referrals"],
            Answer(figures=("prevent_referrals_per_year",)),
        ),
        # a term the last topic's figures are not about: a new question, with its own route
        (after("utter_explain_pursue"), "how many arrests do they make", ["arrests"], None),
        (after("utter_explain_ctiru"), "how many of them end in arrests", ["arrests"], None),
    ],
)
def test_a_follow_up_naming_what_the_last_topic_counts_gets_that_topics_figures(
    previous, text, terms, expected
):
    assert answer(previous, text, terms, links, BOOK.tags_of) == expected


def test_every_reply_and_figure_the_table_points_to_exists():
    for reply, by_kind in context.KNOWLEDGE.items():
        assert reply in DOMAIN["responses"], reply
        for kind, target in by_kind.items():
            assert kind in dict(context.KINDS), kind
            if target.startswith("figures:"):
                for key in target[len("figures:") :].split(","):
                    assert key == "ideology_split" or key in BOOK.figures, key
            elif target != context.SAME:
                assert target in DOMAIN["responses"], target
    assert context.CONCERN_REPLIES <= set(DOMAIN["responses"])
    for figure in BOOK.figures.values():
        assert set(figure.follow_ups) <= context.FIGURE_KINDS, figure.key


@pytest.mark.parametrize(
    "intent, text, takes_over",
    [
        ("ask_threat_level", "since when", True),
        ("nlu_fallback", "who funds it", True),
        ("affirm", "and the year before", True),  # "and ..." read as a yes, but it asks something
        ("affirm", "yes that's right", False),
        ("thank", "thanks that helps", False),
        ("report_concern", "can i tell you about it", False),
        ("report_emergency", "he has it with him now", False),
        ("ask_human", "can i talk to them", False),
        ("ask_bot_capabilities", "what about men", True),  # after a figure: "I don't have that figure"
    ],
)
def test_the_policy_takes_over_questions_never_concerns(intent, text, takes_over):
    assert may_take_over(intent, text) is takes_over


def test_an_answer_of_replies_needs_no_action_server():
    # a concern's routes and the facts of domain.yml are plain responses: they work with the action
    # server down; only figures go through it
    assert context.actions_for(Answer(("utter_refuse_harm",), signpost_line=False), "act") == [
        "utter_refuse_harm"
    ]
    assert context.actions_for(Answer(("utter_explain_ctp",)), "act") == [
        "utter_explain_ctp",
        "utter_signpost_line",
    ]
    assert context.actions_for(Answer(figure_kind="earlier"), "act") == ["act"]
    assert context.actions_for(Answer(no_figure=True), "act") == ["act"]
