"""bench/label_agreement.py: a bot miss counts against the bot only when both labellings agree against it."""

import yaml

from bench import label_agreement
from bench.heldout_sets import BENCH

SET = {
    "messages": [
        {"text": "bag on the bus, nobody with it", "expect": "emergency"},
        {"text": "saw a gun in his loft last month", "expect": "report"},
        {"text": "what is prevent", "expect": "knowledge"},
    ],
    "conversations": [{"turns": [{"text": "my mate is changing", "expect": "radicalisation"}]}],
}


def test_misses_are_split_by_what_the_second_labelling_says():
    second = {
        "m0": {"route": "emergency"},
        "m1": {"route": "report", "also": ["emergency"]},  # accepts the bot's 999
        "m2": {"route": "knowledge"},
        "c0t0": {"route": "report"},  # disagrees with the first label; the bot gave a third route
    }
    misses = {
        ("bag on the bus, nobody with it", "emergency"): "report",
        ("saw a gun in his loft last month", "report"): "emergency",
        ("my mate is changing", "radicalisation"): "crisis",
    }
    counts = label_agreement.agreement(label_agreement.items_by_id(SET), second, misses)
    assert counts["items"] == 4 and counts["first routes agree"] == 3 and counts["concern items"] == 3
    assert counts["concern: bot missed, both labellings agree against it"] == 1
    assert counts["concern: bot missed, but the second labelling accepts its route"] == 1
    assert counts["concern: bot missed, labellings disagree, bot a third"] == 1


def test_every_item_of_a_second_labelled_set_has_a_label():
    for labels in BENCH.glob("heldout*-second-labels.yml"):
        held_out = yaml.safe_load((BENCH / labels.name.replace("-second-labels", "")).read_text())
        assert set(yaml.safe_load(labels.read_text())) == set(label_agreement.items_by_id(held_out)), labels
