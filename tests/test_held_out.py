"""Test and benchmark sentences must not be in the training data, or the measurement lies."""

import re
from pathlib import Path

import yaml

from tests import test_conversations, test_figures_reachable

ROOT = Path(__file__).resolve().parents[1]


def normalise(text):
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


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
    overlap = {normalise(t) for t in sent} & training_sentences()
    assert len(sent) > 50 and not overlap, overlap


def test_benchmark_sentences_are_not_training_data():
    heldout = yaml.safe_load((ROOT / "bench" / "heldout.yml").read_text())
    texts = [t for sentences in heldout["intents"].values() for t in sentences]
    texts += [item["text"] for item in heldout["routing"]]
    overlap = {normalise(t) for t in texts} & training_sentences()
    assert not overlap, overlap
