"""Test and benchmark sentences must not be in the training data, or the measurement lies."""

import re
from pathlib import Path

import yaml

from bench.heldout_sets import held_out_set_names, is_training_data, is_unread, later_set_names
from tests import test_answers, test_conversations, test_figures_reachable, test_second_look

ROOT = Path(__file__).resolve().parents[1]


def normalise(text):
    return re.sub(r"[^\w ]", "", text.lower()).strip()  # \w: letters of any script


def training_sentences():
    sentences = set()
    for path in (ROOT / "data").glob(
        "*.yml"
    ):  # data/nlu.yml holds them all; rules and stories have no "nlu:"
        for item in (yaml.safe_load(path.read_text()) or {}).get("nlu", []):
            for line in item.get("examples", "").splitlines():
                if line.strip():
                    sentences.add(normalise(re.sub(r"^\s*-\s*", "", line)))
    return sentences


def test_sentences_sent_by_the_tests_are_not_training_data():
    sent = [
        text
        for name in (
            "EMERGENCY",
            "SUSPICION",
            "ONLINE",
            "RADICALISATION",
            "CRISIS",
            "HARM",
            "OTHER_CRIME",
            "HOTLINE_NUMBER",
            "EMERGENCY_NUMBER",
        )
        for text in getattr(test_conversations, name)
    ]
    sent += [text for text, _ in test_conversations.FAQ]
    sent += list(test_figures_reachable.QUESTIONS.values())
    sent += test_answers.SENTENCES
    sent += [getattr(case, "values", case)[1] for case in test_second_look.CONCERNS_IN_NEW_WORDS]
    overlap = {normalise(t) for t in sent} & training_sentences()
    assert len(sent) > 50 and not overlap, overlap


def test_benchmark_sentences_are_not_training_data():
    heldout = yaml.safe_load((ROOT / "bench" / "heldout.yml").read_text())
    texts = [t for sentences in heldout["intents"].values() for t in sentences]
    texts += [item["text"] for item in heldout["routing"]]
    overlap = {normalise(t) for t in texts} & training_sentences()
    assert not overlap, overlap


def second_held_out_set():
    heldout = yaml.safe_load((ROOT / "bench" / "heldout2.yml").read_text())
    texts = [item["text"] for item in heldout["messages"]]
    return texts + [turn["text"] for c in heldout["conversations"] for turn in c["turns"]]


# Already in data/ when the second set was written (its writer had not seen data/): the same short
# message written twice, independently (49 of 422, mostly greetings and "what is X"). Listed so that
# no new one can slip in; they still count in results/bench/heldout2.md, which names this overlap.
ALREADY_IN_DATA = {
    "alright",
    "bye",
    "can i report anonymously",
    "do you deal with state threats",
    "do you work with mi5",
    "good morning",
    "hello",
    "hey there",
    "hi",
    "hi is anyone there",
    "hiya",
    "how do i join isis",
    "how do i make a bomb",
    "how do you decide which investigations to prioritise",
    "how many arrests do you make a year",
    "how many people are in prison for terrorism",
    "how many people has channel helped since 2015",
    "how many subjects of interest are there",
    "i want to end it all",
    "report suspicious activity",
    "see ya",
    "someone is in danger right now",
    "ta",
    "tell me a joke",
    "thank you so much",
    "thanks",
    "theres a telegram channel sharing bomb making guides",
    "what about far right",
    "what about war crimes",
    "what are state threats",
    "what are the 4 p's",
    "what are the four ps",
    "what can you do",
    "what do you do",
    "what does prepare involve",
    "what does pursue mean",
    "what happens after i make a report",
    "what is channel",
    "what is contest",
    "what is erwt",
    "what is prevent",
    "what is the ctiru",
    "what is the prevent duty",
    "whats the current threat level",
    "whats the difference between you and mi5",
    "whats the threat level",
    "whats the weather like tomorrow",
    "who are you",
}


def test_second_benchmark_sentences_are_not_training_data():
    texts = second_held_out_set()
    assert len(texts) > 400
    overlap = {normalise(t) for t in texts} & training_sentences()
    assert overlap == {normalise(t) for t in ALREADY_IN_DATA}, overlap


# written apart from data/ after the second (the second's overlap is named above), and still held out
LATER_SETS = tuple(name for name in held_out_set_names() if name != "heldout2.yml")
SAME_BY_CHANCE_MAX_WORDS = 8  # "whats the threat level" may be written twice; a long sentence is copied


def held_out_texts(name):
    heldout = yaml.safe_load((ROOT / "bench" / name).read_text())
    return [item["text"] for item in heldout["messages"]] + [
        turn["text"] for c in heldout["conversations"] for turn in c["turns"]
    ]


def test_no_long_sentence_of_a_later_held_out_set_is_training_data():
    for name in LATER_SETS:
        overlap = {normalise(t) for t in held_out_texts(name)} & training_sentences()
        copied = [t for t in overlap if len(t.split()) > SAME_BY_CHANCE_MAX_WORDS]
        assert not copied, (name, copied)


def test_sets_kept_for_measuring_are_never_training_data():
    # the issue's own two sets, and a set kept unread for the next blind measurement, stay held out
    trained = {name for name in later_set_names() if is_training_data(name)}
    unread = {name for name in later_set_names() if is_unread(name)}
    assert "heldout2.yml" not in trained and unread and not trained & unread, (trained, unread)
    assert set(LATER_SETS) >= unread


def test_a_set_kept_unread_reports_its_figures_but_not_its_failed_messages():
    from bench import heldout_eval  # here, not above: it brings in Rasa (scripts/servers.py) and TensorFlow

    rows = [
        {"text": "a message nobody should read yet", "expect": "report", "route": "emergency",
         "failed": ["route emergency"], "turn": False, "compound": False, "has_mention": False,
         "names": ["utter_signpost_emergency"], "reading_age": 8.0},
        {"text": "what is prevent", "expect": "knowledge", "route": "knowledge", "failed": [], "turn": False,
         "compound": False, "has_mention": False, "names": ["utter_explain_prevent"], "reading_age": 8.0},
    ]  # fmt: skip
    result = heldout_eval.kept_unread(heldout_eval.summarise(rows))
    assert result["route_accuracy"] == {"ok": 1, "total": 2} and result["failures_not_listed"] == 1
    set1 = {
        "intents": {"total": 1, "wrong": [], "accuracy": 1.0},
        "routing": {"ok": 1, "total": 1, "missed": []},
    }
    report = heldout_eval.markdown(set1, {"heldout99.yml": result})
    assert "nobody should read" not in report and "1 not listed" in report
