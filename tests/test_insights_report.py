"""`make insights`: the report built from an event store written by the broker itself
(addons/event_broker.py) shows the right numbers, loads nothing from outside, and holds no
personal details; `make insights-add` copies a question to the review file only."""

import re
from datetime import date, datetime, timezone

import pytest

from actions.statistics import NO_FIGURE_TEXT
from addons.event_broker import PrivateSQLEventBroker
from insights import queries, report, review

DAY1 = datetime(2026, 11, 2, 10, tzinfo=timezone.utc).timestamp()
DAY2 = datetime(2026, 11, 3, 15, tzinfo=timezone.utc).timestamp()
TODAY = date(2026, 11, 4)
PHONE, NAME, EMAIL = "07700 900123", "John Smith", "jo.bloggs@example.com"


class Script:
    """Publishes Rasa-shaped events of one conversation through the broker."""

    def __init__(self, broker, sender, at):
        self.broker, self.sender, self.at = broker, sender, at

    def _send(self, event):
        self.at += 1
        self.broker.publish({"sender_id": self.sender, "timestamp": self.at, **event})

    def user(self, text, intent, confidence=0.95, terms=(), guess=None):
        ranking = [{"name": intent, "confidence": confidence}]
        if guess:
            ranking.append({"name": guess[0], "confidence": guess[1]})
        entities = [{"entity": "term", "value": t, "start": 0, "end": 3} for t in terms]
        parse = {"text": text, "intent": ranking[0], "entities": entities, "intent_ranking": ranking}
        self._send({"event": "user", "text": text, "parse_data": parse, "metadata": {"x": NAME}})

    def bot(self, response=None, text="..."):
        self._send({"event": "bot", "text": text, "metadata": {"utter_action": response} if response else {}})


@pytest.fixture(params=["1"])
def events_db(tmp_path, monkeypatch, request):
    monkeypatch.setenv("INSIGHTS_KEEP_UNANSWERED", request.param)
    db = tmp_path / "events.sqlite"
    broker = PrivateSQLEventBroker(db=str(db), clock=lambda: DAY2)
    a = Script(broker, "a", DAY1)  # a report, then Yes
    a.user(f"my neighbour {NAME} has chemicals, call me on {PHONE}", "report_concern")
    a.bot("utter_signpost_report")
    a.bot("utter_ask_immediate_danger")
    a.user("/affirm", "affirm", 1.0)
    a.bot("utter_signpost_emergency")
    b = Script(broker, "b", DAY1 + 60)  # figures, one a re-routed low-confidence guess
    b.user("how many arrests", "ask_statistics", 0.97, terms=["arrests"])
    b.bot(text="Counter terrorism police arrest about 250 people a year.")
    b.user("and prison", "ask_statistics", 1.0, terms=["prison"], guess=("greet", 0.31))
    b.bot(text="Prison figure.")
    c = Script(broker, "c", DAY1 + 120)  # not understood, with a detail in it
    c.user(f"blorf wibble {EMAIL}", "nlu_fallback", 1.0, guess=("thank", 0.12))
    c.bot("utter_fallback")
    d = Script(broker, "d", DAY2)  # a report, then No; a figure we do not hold
    d.user("I saw something odd", "report_concern")
    d.bot("utter_signpost_report")
    d.bot("utter_ask_immediate_danger")
    d.user("/deny", "deny", 1.0)
    d.bot("utter_signpost_no_danger")
    d.user("how many officers are there", "ask_statistics", 0.9, terms=["forces"])
    d.bot(text=NO_FIGURE_TEXT)
    e = Script(broker, "e", DAY2 + 60)  # not understood, twice, alike
    e.user("blorf wibble again", "nlu_fallback", 1.0, guess=("thank", 0.2))
    e.bot("utter_fallback")
    return db


def build(db, tmp_path):
    period = queries.Period.of(None, None, 3, today=TODAY)
    s = queries.summary(queries.load(str(db), period), period)
    path = report.write(report.render(s, str(db), keeping=True), tmp_path / "report.html", period)
    return s, path.read_text()


def cell(html_text, row_id, column=1):
    row = re.search(rf'<tr id="{row_id}">(.*?)</tr>', html_text).group(1)
    return re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)[column]


def test_the_numbers_in_the_report_are_those_of_the_events(events_db, tmp_path):
    s, page = build(events_db, tmp_path)
    assert cell(page, "sum-conversations") == "5"
    assert cell(page, "sum-messages") == "9"
    assert cell(page, "sum-fallbacks") == "2"
    assert cell(page, "sum-fallback-rate") == "22.2%"
    assert cell(page, "sum-no-figure") == "1"
    assert cell(page, "route-report") == "2" and cell(page, "route-statistics") == "3"
    assert cell(page, "route-fallback") == "2" and cell(page, "route-chitchat") == "2"
    assert [cell(page, f"funnel-{k}") for k in ("reports", "asked", "yes", "no", "other")] == list("22110")
    assert [(d["day"].day, d["conversations"], d["messages"]) for d in s["days"]] == [
        (2, 3, 5),
        (3, 2, 4),
        (4, 0, 0),
    ]
    # day 2: 1 of 5 not understood; day 3: 1 of 4: the rate went up
    assert s["fallback_trend"] == pytest.approx(1 / 4 - 1 / 5)
    assert s["figures"] == [("arrests", 1), ("forces", 1), ("prison", 1)]
    assert ("greet", "ask_statistics", 1) in s["rerouted"] and ("thank", 2) in s["low_confidence"]
    assert "<h3>Group 1: 2 questions</h3>" in page  # the two "blorf wibble" questions
    assert "make insights-add ID=" in page


def test_the_report_loads_nothing_from_outside_and_is_accessible(events_db, tmp_path):
    _, page = build(events_db, tmp_path)
    assert not re.search(r"""(src|href|srcset|action|poster|data)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page, re.I)
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert '<html lang="en">' in page and page.count("<h1>") == 1
    images = re.findall(r"<img [^>]*>", page)
    assert len(images) == 4
    for img in images:
        assert re.search(r'src="data:image/png;base64,', img) and re.search(r'alt="[^"]{20,}"', img)
    # each chart is followed by its table
    assert len(re.findall(r"</p><table><caption>", page)) >= 4


def test_no_personal_detail_reaches_the_report(events_db, tmp_path):
    _, page = build(events_db, tmp_path)
    for detail in (PHONE, NAME, EMAIL, "neighbour", "chemicals", "saw something odd"):
        assert detail not in page
    # kept, redacted, because the switch is on: the two questions not understood
    assert "blorf wibble [email address]" in page and "how many officers are there" in page


@pytest.mark.parametrize("events_db", ["0"], indirect=True)
def test_with_the_switch_off_the_report_holds_no_typed_text(events_db, tmp_path):
    s, page = build(events_db, tmp_path)
    for typed in (PHONE, NAME, EMAIL, "neighbour", "blorf wibble", "many officers", "something odd"):
        assert typed not in page and typed.encode() not in events_db.read_bytes()
    assert s["unanswered"] == [] and s["messages"] == 9


def test_insights_add_copies_an_unanswered_question_for_review(events_db, tmp_path, capsys):
    period = queries.Period.of(None, None, 3, today=TODAY)
    rows = queries.load(str(events_db), period)
    kept = [r for r in rows if r["event"] == "act_unanswered"]
    review_file = tmp_path / "review.yml"
    args = ["--db", str(events_db), "--file", str(review_file)]
    assert review.main([*args, "--id", str(kept[0]["id"]), "--intent", "greet"]) == 0
    text = review_file.read_text()
    assert "- intent: greet" in text and "      - blorf wibble [email address]\n" in text
    assert (review_file.stat().st_mode & 0o777) == 0o600
    user_row = next(r for r in rows if r["event"] == "user")
    assert review.main([*args, "--id", str(user_row["id"]), "--intent", "greet"]) == 1
    assert review.main([*args, "--id", str(kept[0]["id"]), "--intent", "no_such_intent"]) == 1
    assert "not an unanswered question" in capsys.readouterr().err


def test_a_bad_period_or_a_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(queries.InsightsError, match="starts"):
        queries.Period.of("2026-11-05", "2026-11-01", None)
    with pytest.raises(queries.InsightsError, match="YYYY-MM-DD"):
        queries.Period.of("5 Nov", None, None)
    assert report.main(["--db", str(tmp_path / "none.sqlite")]) == 1
