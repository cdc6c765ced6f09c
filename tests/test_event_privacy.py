"""The event store keeps no user text (addons/event_privacy.py) and nothing past its retention
period (addons/event_broker.py): offline, on a SQLite file of each test."""

import json
import sqlite3

import pytest

from actions.statistics import NO_FIGURE_TEXT
from addons import event_broker
from addons.event_broker import PrivateSQLEventBroker
from addons.event_privacy import NO_FIGURE_OPENING, minimise
from addons.insights_settings import InsightsConfigError, kept_text_days, retention_days

DAY = 86400.0
NOW = 1_790_000_000.0
SENDER = "0f8fad5b-d9cb-469f-a165-70867728950e"
DETAILS = ["John Smith", "07700 900123", "jo.bloggs@example.com", "LS1 4AB", "Leeds"]


def user_event(text, intent="report_concern", confidence=0.93, entities=(), ranking=None, at=NOW):
    return {
        "sender_id": SENDER,
        "event": "user",
        "timestamp": at,
        "text": text,
        "metadata": {"client": "John Smith's phone"},
        "input_channel": "rest",
        "parse_data": {
            "text": text,
            "intent": {"name": intent, "confidence": confidence},
            "entities": list(entities),
            "intent_ranking": ranking or [{"name": intent, "confidence": confidence}],
            "metadata": {"where": "Leeds"},
        },
    }


def bot_event(text, response=None, at=NOW):
    return {
        "sender_id": SENDER,
        "event": "bot",
        "timestamp": at,
        "text": text,
        "data": {"buttons": None},
        "metadata": {"utter_action": response} if response else {},
    }


def stored(db):
    with sqlite3.connect(db) as connection:
        return [json.loads(d) for (d,) in connection.execute("SELECT data FROM events ORDER BY id")]


def raw_bytes(db):
    return b"".join(p.read_bytes() for p in db.parent.iterdir() if p.is_file())


def make_broker(db, **kw):
    return PrivateSQLEventBroker(db=str(db), clock=kw.pop("clock", lambda: NOW), **kw)


def test_a_user_event_keeps_intent_route_and_entity_types_only():
    text = "my neighbour John Smith in Leeds, 07700 900123, how many arrests"
    entities = [
        {"entity": "term", "value": "arrests", "start": 40, "end": 47},
        {"entity": "term", "value": "leeds", "start": 20, "end": 25},  # not a domain term id: dropped
        {"entity": "person", "value": "John Smith", "start": 13, "end": 23},
    ]
    row = minimise(user_event(text, "ask_statistics", 0.81, entities))
    assert row == {
        "event": "user",
        "timestamp": NOW,
        "sender_id": SENDER,
        "intent": "ask_statistics",
        "confidence": 0.81,
        "route": "statistics",
        "entities": ["person", "term"],
        "terms": ["arrests"],
    }


def test_a_re_routed_message_keeps_the_classifiers_guess():
    ranking = [{"name": "nlu_fallback", "confidence": 1.0}, {"name": "greet", "confidence": 0.21}]
    row = minimise(user_event("zzz", "nlu_fallback", 1.0, ranking=ranking))
    assert row["route"] == "fallback"
    assert row["classifier"] == {"intent": "greet", "confidence": 0.21}


def test_bot_events_keep_the_response_name_not_the_text():
    assert minimise(bot_event("Report it at gov.uk/ACT", "utter_signpost_report"))["response"] == (
        "utter_signpost_report"
    )
    assert minimise(bot_event(NO_FIGURE_TEXT))["response"] == "no_figure"
    figure = minimise(bot_event("Counter terrorism police arrest about 250 people a year."))
    assert figure == {"event": "bot", "timestamp": NOW, "sender_id": SENDER, "response": "action_text"}


def test_the_no_figure_opening_is_the_actions_own_text():
    assert NO_FIGURE_TEXT.splitlines()[0] == NO_FIGURE_OPENING


def test_slot_values_are_kept_only_for_the_projects_vocabulary():
    vocab = frozenset({"arrests", "prison"})
    own = minimise({"event": "slot", "name": "figure_terms", "value": ["arrests", "Leeds"]}, vocab)
    assert own["value"] == ["arrests"]
    other = minimise({"event": "slot", "name": "user_name", "value": "John Smith"}, vocab)
    assert "value" not in other and other["name"] == "user_name"


def test_unknown_events_keep_only_type_and_time():
    row = minimise({"event": "something_new", "timestamp": NOW, "sender_id": SENDER, "text": "John Smith"})
    assert row == {"event": "something_new", "timestamp": NOW, "sender_id": SENDER}


def test_with_the_switch_off_no_user_text_reaches_the_file(tmp_path):
    db = tmp_path / "events.sqlite"
    broker = make_broker(db, keep_text=False)
    broker.publish(
        user_event("John Smith 07700 900123 jo.bloggs@example.com LS1 4AB Leeds", "nlu_fallback", 1.0)
    )
    broker.publish(bot_event(NO_FIGURE_TEXT))
    blob = raw_bytes(db)
    for detail in DETAILS:
        assert detail.encode() not in blob
    assert [r["event"] for r in stored(db)] == ["user", "bot"]


def test_with_the_switch_on_unanswered_questions_are_kept_redacted(tmp_path):
    db = tmp_path / "events.sqlite"
    broker = make_broker(db, keep_text=True)
    # sent as `rasa shell` would, past the REST channel: the broker redacts again
    broker.publish(user_event("call John Smith on 07700 900123 about zzz", "nlu_fallback", 1.0))
    broker.publish(user_event("how many arrests in Leeds last week", "ask_statistics", 0.9))
    broker.publish(bot_event(NO_FIGURE_TEXT))
    broker.publish(user_event("what is Prevent", "ask_what_is_prevent", 0.97))
    broker.publish(bot_event("Prevent is a programme", "utter_what_is_prevent"))
    kept = [r for r in stored(db) if r["event"] == "act_unanswered"]
    assert [(r["reason"], r["route"]) for r in kept] == [
        ("fallback", "fallback"),
        ("no_figure", "statistics"),
    ]
    assert "[phone number]" in kept[0]["text"] and "07700" not in kept[0]["text"]
    assert kept[1]["text"] == "how many arrests in Leeds last week" and kept[1]["guess"] == "ask_statistics"
    assert b"what is Prevent" not in raw_bytes(db)  # understood: never kept


def test_rows_older_than_the_retention_period_are_deleted(tmp_path):
    db = tmp_path / "events.sqlite"
    broker = make_broker(db, retention=30)
    ages = {"old-40d": 40, "old-31d": 31, "new-29d": 29, "new-1d": 1, "new-now": 0}
    for name, days in ages.items():
        broker.insert_raw({"event": "user", "timestamp": NOW - days * DAY, "sender_id": name})
    assert broker.purge() == 2
    assert sorted(r["sender_id"] for r in stored(db)) == ["new-1d", "new-29d", "new-now"]


def test_the_purge_runs_at_start_up_and_at_most_every_interval(tmp_path, monkeypatch):
    db = tmp_path / "events.sqlite"
    make_broker(db).insert_raw({"event": "user", "timestamp": NOW - 45 * DAY, "sender_id": "old"})
    clock = {"now": NOW}
    broker = make_broker(db, clock=lambda: clock["now"])  # start-up purge
    assert stored(db) == []
    broker.insert_raw({"event": "user", "timestamp": NOW - 29.5 * DAY, "sender_id": "aging"})
    clock["now"] += DAY  # the row is now 30.5 days old, and the interval (an hour) has passed
    broker.publish(bot_event("hi", "utter_greet", at=clock["now"]))
    assert [r["sender_id"] for r in stored(db)] == [SENDER]


@pytest.mark.parametrize("value", ["31", "365", "0", "-1", "thirty"])
def test_a_retention_over_30_days_or_not_a_number_is_refused(value, tmp_path, monkeypatch):
    monkeypatch.setenv("INSIGHTS_RETENTION_DAYS", value)
    with pytest.raises(InsightsConfigError, match="INSIGHTS_RETENTION_DAYS"):
        retention_days()
    with pytest.raises(InsightsConfigError):
        PrivateSQLEventBroker(db=str(tmp_path / "e.sqlite"))


def test_the_widget_is_told_the_days_only_when_text_is_kept(monkeypatch):
    monkeypatch.setenv("INSIGHTS_RETENTION_DAYS", "14")
    monkeypatch.setenv("INSIGHTS_KEEP_UNANSWERED", "0")
    assert kept_text_days() == 0
    monkeypatch.setenv("INSIGHTS_KEEP_UNANSWERED", "1")
    assert kept_text_days() == 14


def test_start_up_stops_when_the_base_class_lacks_what_the_broker_uses(monkeypatch, tmp_path):
    monkeypatch.delattr(event_broker.SQLEventBroker, "session_scope")
    with pytest.raises(RuntimeError, match="session_scope"):
        PrivateSQLEventBroker(db=str(tmp_path / "e.sqlite"))


def test_the_sqlite_folder_is_private(tmp_path):
    db = tmp_path / "store" / "events.sqlite"
    make_broker(db)
    assert (db.parent.stat().st_mode & 0o777) == 0o700


PAGE = '<html><body><script src="widget.js" data-title="Ask"></script></body></html>'


def test_the_page_tells_the_widget_when_unanswered_questions_are_kept(monkeypatch, tmp_path):
    from deploy.eventstore import widget_pages
    from scripts.servers import web_server_cmd

    monkeypatch.setenv("INSIGHTS_KEEP_UNANSWERED", "0")
    assert web_server_cmd(8080, "http://localhost:5005")[-2:] == ["--keeps-unanswered-days", "0"]
    monkeypatch.setenv("INSIGHTS_KEEP_UNANSWERED", "1")
    monkeypatch.setenv("INSIGHTS_RETENTION_DAYS", "21")
    assert web_server_cmd(8080, "http://localhost:5005")[-2:] == ["--keeps-unanswered-days", "21"]
    # production: nginx serves a copy of the pages carrying the attribute
    site = tmp_path / "dist"
    site.mkdir()
    (site / "index.html").write_text(PAGE)
    assert widget_pages(site, tmp_path / "kept", 0) == site
    served = widget_pages(site, tmp_path / "kept", 21) / "index.html"
    assert '<script data-keeps-unanswered="21" src="widget.js"' in served.read_text()


def test_the_demo_server_sets_and_replaces_the_attribute():
    import importlib.util

    from addons.settings import ROOT

    spec = importlib.util.spec_from_file_location("serve", ROOT / "web" / "serve.py")
    serve = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(serve)
    page = serve.point_widget_at(PAGE, "http://localhost:5005", 30)
    assert 'data-keeps-unanswered="30"' in page and 'data-server="http://localhost:5005"' in page
    assert "keeps-unanswered" not in serve.point_widget_at(page, "http://localhost:5005", 0)


def test_a_question_is_held_in_memory_only_until_its_first_answer(tmp_path):
    broker = make_broker(tmp_path / "events.sqlite", keep_text=True)
    broker.publish(user_event("what is Prevent", "ask_what_is_prevent", 0.97))
    assert SENDER in broker.pending
    broker.publish(bot_event("Prevent is a programme", "utter_what_is_prevent"))
    assert SENDER not in broker.pending
    broker.publish(bot_event(NO_FIGURE_TEXT))  # no question waiting: nothing kept
    assert not [r for r in stored(tmp_path / "events.sqlite") if r["event"] == "act_unanswered"]
    for i in range(event_broker.MAX_PENDING_SENDERS + 50):
        broker.publish({**user_event("hello", "greet"), "sender_id": f"s{i}"})
    assert len(broker.pending) == event_broker.MAX_PENDING_SENDERS
