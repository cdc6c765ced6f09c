"""Answers that hold up (issue 9), from the real model over REST, with sentences written for this test.

Hard questions get their facts, a question naming two topics gets both answers, a follow-up that
changes the figure's topic gets the new figure, telling someone is a report (not a crisis), and a
message in another language gets every route and a line saying the assistant answers in English.
tests/test_held_out.py checks that no sentence here appears in data/.
"""

import pytest

from tests.test_conversations import NOT_IN_DOMAIN, replies, said

PREVENT_IDEOLOGIES = [
    "is prevent mainly used against muslim people",
    "honestly does prevent just pick on islam",
]
SUBJECTS_OF_INTEREST = ["how many subjects of interest are police keeping tabs on"]
# (message, the replies of domain.yml expected, in order; the signpost line is sent last)
SEVERAL_TOPICS = [
    (
        "can you tell me what protect is and what prepare is",
        ["utter_explain_protect", "utter_explain_prepare"],
    ),
    ("prevent versus pursue, how do they differ", ["utter_explain_prevent", "utter_explain_pursue"]),
    ("what is channel and what's the prevent duty", ["utter_explain_channel", "utter_explain_prevent_duty"]),
]
# (first message, its figure, follow-up, the new figure)
FOLLOW_UPS = [
    ("how many people get arrested every year", "about 250", "what about those in jail", "254"),
    ("how many ctiru referrals were there in 2024", "over 11,000", "ok and 2025?", "over 1,800"),
]
TELLING_SOMEONE = [
    "who do i speak to if im worried about a neighbour but im not certain",
    "i want to make a repot about something odd",
    "i have some info about an extremist and i honestly dont know who to give it to",
]
OTHER_LANGUAGE = [
    "Gwelais i fag rhyfedd yn yr orsaf",  # Welsh: I saw a strange bag at the station
    "Widziałem mężczyznę z nożem pod sklepem",  # Polish: I saw a man with a knife outside the shop
    "Je voudrais parler à la police de mon voisin",  # French: I'd like to talk to the police about my neighbour
]
SENTENCES = (
    PREVENT_IDEOLOGIES
    + SUBJECTS_OF_INTEREST
    + [text for text, _ in SEVERAL_TOPICS]
    + [t for first, _, follow, _ in FOLLOW_UPS for t in (first, follow)]
    + ["tell me what prevent is", "ok what about channel", "how many people are referred to prevent a year"]
    + ["do you look into state threats", "and what about war crimes"]
    + ["what is channel and how many people are put on it a year"]
    + TELLING_SOMEONE
    + OTHER_LANGUAGE
)


@pytest.mark.parametrize("text", PREVENT_IDEOLOGIES)
def test_is_prevent_just_for_muslims_gets_the_facts(live_bot, text):
    messages = live_bot.send(text)
    assert replies(messages) == ["utter_explain_prevent_ideologies", NOT_IN_DOMAIN, "utter_signpost_line"]
    assert "whatever their ideology" in said("utter_explain_prevent_ideologies")
    split = messages[1]["text"]
    for share in ("about 60%", "nearly a third (30%)", "about 75%", "about 25%", "left wing"):
        assert share in split, share


@pytest.mark.parametrize("text", SUBJECTS_OF_INTEREST)
def test_subjects_of_interest_are_thousands(live_bot, text):
    messages = live_bot.send(text)
    assert replies(messages) == [NOT_IN_DOMAIN, "utter_signpost_line"]
    assert "thousands" in messages[0]["text"] and "have that figure" not in messages[0]["text"]


@pytest.mark.parametrize("text, expected", SEVERAL_TOPICS)
def test_a_question_naming_two_topics_gets_both_answers_in_order(live_bot, text, expected):
    assert replies(live_bot.send(text)) == expected + ["utter_signpost_line"]


@pytest.mark.parametrize("first, figure, follow_up, new_figure", FOLLOW_UPS)
def test_a_follow_up_that_changes_the_topic_gets_the_new_figure(
    live_bot, first, figure, follow_up, new_figure
):
    chat = live_bot.conversation()
    assert figure in chat.ask(first)
    messages = chat.send(follow_up)
    assert replies(messages) == [NOT_IN_DOMAIN, "utter_signpost_line"]
    assert new_figure in messages[0]["text"] and figure not in messages[0]["text"]


def test_what_about_a_topic_after_an_answer_that_is_not_a_figure_stays_an_answer(live_bot):
    chat = live_bot.conversation()
    chat.ask("do you look into state threats")
    assert replies(chat.send("and what about war crimes")) == [
        "utter_explain_war_crimes",
        "utter_signpost_line",
    ]
    chat = live_bot.conversation()
    chat.ask("tell me what prevent is")
    assert replies(chat.send("ok what about channel")) == ["utter_explain_channel", "utter_signpost_line"]


def test_what_about_a_topic_after_a_figure_is_its_figure(live_bot):
    chat = live_bot.conversation()
    assert "7,000" in chat.ask("how many people are referred to prevent a year")
    messages = chat.send("ok what about channel")
    assert replies(messages) == [NOT_IN_DOMAIN, "utter_signpost_line"] and "500" in messages[0]["text"]


@pytest.mark.parametrize("text", TELLING_SOMEONE)
def test_telling_someone_is_a_report_not_a_crisis(live_bot, text):
    assert replies(live_bot.send(text)) == ["utter_signpost_report", "utter_ask_immediate_danger"]


@pytest.mark.parametrize("text", OTHER_LANGUAGE)
def test_another_language_gets_every_route_and_says_it_answers_in_english(live_bot, text):
    assert replies(live_bot.send(text)) == ["utter_signpost_other_language"]
    reply = said("utter_signpost_other_language")
    assert reply.index("999") < reply.index("gov.uk/ACT") < reply.index("0800 789 321")
    assert "English" in reply


def test_an_english_danger_phrase_wins_over_another_language(live_bot):
    text = "mae dyn gyda gwn yma, there's a man with a gun here"
    assert replies(live_bot.send(text)) == ["utter_signpost_emergency"]


def test_after_another_language_an_english_message_gets_its_own_answer(live_bot):
    chat = live_bot.conversation()
    assert replies(chat.send("Chcę porozmawiać z kimś o moim bracie")) == ["utter_signpost_other_language"]
    assert replies(chat.send("sorry, in english: what is the prevent programme")) == [
        "utter_explain_prevent",
        "utter_signpost_line",
    ]


def test_what_a_topic_is_and_how_many_gets_both(live_bot):
    messages = live_bot.send("what is channel and how many people are put on it a year")
    assert replies(messages) == ["utter_explain_channel", NOT_IN_DOMAIN, "utter_signpost_line"]
    assert "about 500" in messages[1]["text"]
