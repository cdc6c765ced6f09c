"""The statistics action, offline: a Tracker and a CollectingDispatcher, no servers."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import figures
from actions.statistics import NO_FIGURE_TEXT, ActionGiveStatistic

BOOK = figures.load()


def tracker(terms, figure_terms=None, text="a question"):
    entities = [{"entity": "term", "value": t, "extractor": "DomainTermExtractor"} for t in terms]
    return Tracker(
        sender_id="test",
        slots={"figure_terms": figure_terms},
        latest_message={
            "text": text,
            "intent": {"name": "ask_statistics", "confidence": 0.9},
            "entities": entities,
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(terms, figure_terms=None):
    dispatcher = CollectingDispatcher()
    events = ActionGiveStatistic(BOOK).run(dispatcher, tracker(terms, figure_terms), domain={})
    *texts, signpost = dispatcher.messages
    assert signpost["response"] == "utter_signpost_line"  # every statistics answer carries the signposts
    return [m["text"] for m in texts], events


def test_one_figure_with_its_period_and_source():
    texts, events = run(["arrests"])
    assert texts == [
        "Counter terrorism police arrest about 250 people a year for suspected terror crimes.\n"
        f"Period: a year, on average. Source: {BOOK.figures['arrests_per_year'].source}."
    ]
    assert events == [SlotSet("figure_terms", ["arrests"])]


def test_the_most_specific_figure_wins():
    texts, _ = run(["prison", "islamist"])
    assert len(texts) == 1 and "about 60%" in texts[0] and "254" not in texts[0]


def test_a_follow_up_uses_the_terms_of_the_last_answer():
    texts, events = run(["right_wing"], figure_terms=["prison"])
    assert "nearly a third (30%)" in texts[0] and "investigations" not in texts[0]
    assert events == [SlotSet("figure_terms", ["prison", "right_wing"])]


def test_several_matching_figures_are_listed_with_their_periods():
    texts, _ = run(["ctiru"])
    assert "over 11,000" in texts[0] and "(in 2024)" in texts[0]
    assert "over 1,800" in texts[0] and "since the start of 2025" in texts[0]


def test_general_request_gets_the_overview():
    texts, events = run(["overview"])
    assert texts[0].startswith("Here are some official figures:")
    for figure in BOOK.overview:
        assert figure.value in texts[0]
    assert events == [SlotSet("figure_terms", None)]


def test_no_matching_term_means_no_number():
    for terms in ([], ["mi5"], ["contest"]):
        texts, events = run(terms)
        assert texts == [NO_FIGURE_TEXT]
        assert events == [SlotSet("figure_terms", None)]


# --- action_explain_topics (actions/topics.py): several topics, or a follow-up not after a figure ---


def explain(text):
    from actions.topics import ActionExplainTopics

    dispatcher = CollectingDispatcher()
    events = ActionExplainTopics(BOOK).run(dispatcher, tracker([], text=text), domain={})
    return [m.get("response") or m.get("text") for m in dispatcher.messages], events


def test_each_topic_named_gets_its_own_reply_in_order_then_the_signpost():
    said, events = explain("what's the difference between pursue and prevent")
    assert said == ["utter_explain_pursue", "utter_explain_prevent", "utter_signpost_line"]
    assert events == []


def test_is_prevent_just_for_muslims_as_a_part_brings_the_split_by_ideology():
    said, _ = explain("what is prevent for, and is it only for muslims")
    assert said[:2] == ["utter_explain_prevent", "utter_explain_prevent_ideologies"]
    assert "about 60%" in said[2] and "about 75%" in said[2] and said[3] == "utter_signpost_line"


def test_a_follow_up_naming_no_topic_gets_the_figure():
    from actions.topics import ActionExplainTopics

    dispatcher = CollectingDispatcher()
    events = ActionExplainTopics(BOOK).run(
        dispatcher, tracker(["prison"], text="what about prisons"), domain={}
    )
    assert (
        "254" in dispatcher.messages[0]["text"]
        and dispatcher.messages[1]["response"] == "utter_signpost_line"
    )
    assert events == [SlotSet("figure_terms", ["prison"])]


def test_what_a_topic_is_and_its_figure_in_one_question_gets_both():
    dispatcher = CollectingDispatcher()
    question = tracker(["channel"], text="whats channel and how many people go on it each year")
    ActionGiveStatistic(BOOK).run(dispatcher, question, domain={})
    first, figure, signpost = dispatcher.messages
    assert first["response"] == "utter_explain_channel" and "about 500" in figure["text"]
    assert signpost["response"] == "utter_signpost_line"
    dispatcher = CollectingDispatcher()
    ActionGiveStatistic(BOOK).run(dispatcher, tracker(["channel"], text="how many go on channel"), domain={})
    assert [m.get("response") for m in dispatcher.messages] == [None, "utter_signpost_line"]


# --- two figure questions in one message (actions/figures.py question_parts) ---


def spans(text, *words_and_tags):
    """Term entities as the extractor gives them: value and character span."""
    return [
        {"entity": "term", "value": tag, "start": text.index(word), "end": text.index(word) + len(word)}
        for word, tag in words_and_tags
    ]


def test_two_figure_questions_in_one_message_get_both_figures():
    text = "how many terror arrests happen a year, and how many people are locked up"
    parts = figures.question_parts(text, spans(text, ("arrests", "arrests"), ("locked up", "prison")))
    assert [tags for _, tags in parts] == [["arrests"], ["prison"]]
    found = BOOK.find_each(parts)
    assert [f.key for f in found] == ["arrests_per_year", "people_in_prison"]


def test_three_figure_questions_joined_by_commas_get_three_figures():
    text = "ok so how many terror arrests, how many people locked up, and how many live investigations"
    parts = figures.question_parts(
        text,
        spans(text, ("arrests", "arrests"), ("locked up", "prison"), ("investigations", "investigations")),
    )
    assert [tags for _, tags in parts] == [["arrests"], ["prison"], ["investigations"]]
    assert [f.key for f in BOOK.find_each(parts)][:3] == [
        "arrests_per_year",
        "people_in_prison",
        "live_investigations",
    ]


@pytest.mark.parametrize("joiner", [" n ", " + ", "+", " & ", " plus "])
def test_a_figure_question_joined_on_in_text_speak_is_its_own_part(joiner):
    text = f"hw many ppl in prison for terror{joiner}how many arrests a yr"
    parts = figures.question_parts(text, spans(text, ("prison", "prison"), ("arrests", "arrests")))
    assert [tags for _, tags in parts] == [["prison"], ["arrests"]]


def test_one_figure_question_is_one_part():
    text = "how many terror arrests and convictions are there"
    assert figures.question_parts(text, spans(text, ("arrests", "arrests"))) == [(text, ["arrests"])]


def test_a_question_about_a_topic_then_a_figure_answers_both():
    text = "is prevent mainly aimed at muslims, and how many people get referred each year"
    dispatcher = CollectingDispatcher()
    message_tracker = tracker([], text=text)
    message_tracker.latest_message["entities"] = spans(
        text, ("prevent", "prevent"), ("referred", "referrals")
    )
    ActionGiveStatistic(BOOK).run(dispatcher, message_tracker, domain={})
    said = [m.get("response") or m.get("text") for m in dispatcher.messages]
    assert said[0] == "utter_explain_prevent_ideologies"
    assert "about 60%" in said[1]  # the ideology split its reply promises
    assert "about 7,000" in said[2] and said[-1] == "utter_signpost_line"


def test_a_follow_up_naming_a_new_term_keeps_the_shape_of_the_last_answer():
    # "and in investigations?" after the prison split: the investigation split, not the case count
    found = BOOK.find_follow_up(["investigations"], ["prison", "islamist", "right_wing"])
    assert [f.key for f in found] == ["investigations_islamist_share", "investigations_right_wing_share"]
    # "what about people in prison?" after arrests: the prison figure
    assert [f.key for f in BOOK.find_follow_up(["prison"], ["arrests"])] == ["people_in_prison"]
