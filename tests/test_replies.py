"""Every reply the bot can give: only real contacts, and numbers only from the figures file."""

import re
from pathlib import Path

import yaml

from actions import figures
from addons.dialogue.context import CONCERN_REPLIES

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())
ALLOWED_CONTACTS = {"999", "101", "0800 789 321", "116 123"}


def all_reply_texts():
    for name, variants in DOMAIN["responses"].items():
        for variant in variants:
            yield name, variant["text"]


def test_only_the_public_contacts_appear():
    for name, text in all_reply_texts():
        phone_like = set(re.findall(r"\b\d{3,4}(?: \d{3}){0,2}\b", text)) - {"2015", "2022"}
        assert phone_like <= ALLOWED_CONTACTS, (name, phone_like)
        for link in re.findall(r"\b[\w.-]+\.(?:uk|com|org)[\w/]*", text):
            assert link == "gov.uk/ACT", (name, link)


def test_numbers_in_answers_match_the_figures_file():
    """A figure stated in a response must be the one in actions/figures.yml (one source of truth)."""
    values = " ".join(f.value for f in figures.load().figures.values())
    dates_and_durations = {"6", "12", "2015", "2022"}
    for name, text in all_reply_texts():
        for contact in ALLOWED_CONTACTS:
            text = text.replace(contact, "")
        for number in set(re.findall(r"\d[\d,]*", text)) - dates_and_durations:
            assert number in values, (name, number)


def test_every_concern_reply_carries_999():
    for name in (
        "utter_signpost_emergency",
        "utter_signpost_report",
        "utter_signpost_online_content",
        "utter_signpost_radicalisation",
        "utter_signpost_crisis",
        "utter_refuse_harm",
        "utter_signpost_other_crime",
        "utter_signpost_line",
        "utter_default",
        "utter_service_unavailable",
    ):
        assert "999" in DOMAIN["responses"][name][0]["text"], name


def test_the_emergency_reply_puts_the_action_first():
    assert DOMAIN["responses"]["utter_signpost_emergency"][0]["text"].startswith("Call 999 now.")


def test_every_concern_reply_gives_both_ways_to_report_terrorism():
    # a guess between two concern routes must not cost the writer a way to report: an online-content
    # or other-crime guess for a suspicion still gives the hotline as well as gov.uk/ACT
    for name in CONCERN_REPLIES | {"utter_signpost_other_language", "utter_signpost_every_route"}:
        text = DOMAIN["responses"][name][0]["text"]
        assert "gov.uk/ACT" in text and "0800 789 321" in text, name


def test_concern_replies_a_worry_about_radicalisation_is_mistaken_for_still_name_prevent():
    # "my mate keeps saying the attack was deserved" taken for a suspicion, online material, a crisis or
    # another crime: the reply still says Prevent helps, and its routes (gov.uk/ACT, the hotline) reach it
    for name in (
        "utter_signpost_report",
        "utter_signpost_online_content",
        "utter_signpost_crisis",
        "utter_signpost_other_crime",
    ):
        assert "Prevent can help" in DOMAIN["responses"][name][0]["text"], name


def test_every_concern_reply_gives_samaritans():
    # the crisis reply gives gov.uk/ACT and the hotline for a report taken for a crisis; every other concern
    # reply gives Samaritans for a crisis taken for it ("i reported my brother and now my family have
    # disowned me, i feel worthless" taken for a report), so a wrong guess still leaves every route in view
    for name in CONCERN_REPLIES:
        text = DOMAIN["responses"][name][0]["text"]
        assert "Samaritans" in text and "116 123" in text, name


def test_the_line_after_every_answer_gives_both_ways_to_report():
    # a report taken for a question ("is it anonymous if i ring") gets an answer and this line
    text = DOMAIN["responses"]["utter_signpost_line"][0]["text"]
    assert "999" in text and "gov.uk/ACT" in text and "0800 789 321" in text
