"""The event store behind the real servers: after real conversations full of personal details,
no byte of the SQLite files holds what was typed (switch off), or only the redacted text of
questions not understood (switch on); a retention over 30 days stops Rasa at start-up."""

import json
import sqlite3
import time
import uuid

import pytest

from addons import settings
from scripts.processes import Process, ProcessError, free_port
from scripts.servers import ROOT, rasa_env, rasa_ready, rasa_server_cmd, server_env
from tests.conftest import ACTIONS_PORT, LOG_DIR, Bot

# Each a real conversation; the details are ones the channel's redaction finds.
CONVERSATIONS = [
    [
        "My neighbour John Smith at 14 Acacia Avenue, LS1 4AB, keeps buying chemicals. "
        "Call me on 07700 900123",
        "/deny",
    ],
    ["I want to report a suspicious van outside the school, my email is jo.bloggs@example.com", "/affirm"],
    ["how many arrests are there each year? my name is Sarah Jones"],
    ["how many counter terrorism officers are there"],
    ["zxqv blorptang frimble @dave_h1234"],
    ["my brother Tom Baker, born 03/04/1990, is being drawn into the far right"],
]
DETAILS = [
    "John Smith",
    "Acacia",
    "LS1 4AB",
    "07700 900123",
    "07700900123",
    "jo.bloggs",
    "example.com",
    "Sarah Jones",
    "dave_h1234",
    "Tom Baker",
    "03/04/1990",
]
TYPED = ["chemicals", "suspicious van", "blorptang", "counter terrorism officers", "drawn into", "my brother"]


def converse(bot):
    for messages in CONVERSATIONS:
        sender = str(uuid.uuid4())
        for message in messages:
            bot.send(message, sender)


def all_bytes(db):
    """Every file of the store's folder (the database, its WAL and shared-memory files)."""
    return b"".join(p.read_bytes() for p in db.parent.iterdir() if p.is_file())


def rows(db):
    with sqlite3.connect(db) as connection:
        return [json.loads(d) for (d,) in connection.execute("SELECT data FROM events ORDER BY id")]


def start_rasa(env_extra, log_name):
    port = free_port()
    env = rasa_env(server_env(ACTIONS_PORT, {"RASA_METRICS_PORT": "0", **env_extra}))
    process = Process("rasa", rasa_server_cmd(port), env, LOG_DIR / log_name, ROOT).start(truncate=True)
    return process, port


def test_no_typed_text_or_detail_reaches_the_event_store(live_bot):
    converse(live_bot)
    blob = all_bytes(live_bot.events_db)
    for text in DETAILS + TYPED + [m for c in CONVERSATIONS for m in c if not m.startswith("/")]:
        for form in {text, text.lower()}:
            assert form.encode() not in blob, form
    assert b"Call 999 now" not in blob  # bot text is not kept either: only response names
    stored = rows(live_bot.events_db)
    responses = {r.get("response") for r in stored if r["event"] == "bot"}
    assert {"utter_signpost_report", "utter_ask_immediate_danger", "no_figure"} <= responses
    users = [r for r in stored if r["event"] == "user"]
    assert {"report", "statistics", "fallback", "chitchat"} <= {r["route"] for r in users}
    assert any(r["terms"] == ["arrests"] for r in users)
    assert not any(r["event"] == "act_unanswered" for r in stored)
    assert all(
        set(r)
        <= {
            "event",
            "timestamp",
            "sender_id",
            "intent",
            "confidence",
            "route",
            "entities",
            "terms",
            "classifier",
        }
        for r in users
    )


@pytest.fixture(scope="module")
def keeping_bot(live_bot, tmp_path_factory):
    """A second Rasa server (the same action server) with INSIGHTS_KEEP_UNANSWERED=1."""
    db = tmp_path_factory.mktemp("insights-keep") / "events.sqlite"
    rasa, port = start_rasa({"INSIGHTS_DB": str(db), "INSIGHTS_KEEP_UNANSWERED": "1"}, "rasa-keep.log")
    try:
        rasa.wait_ready(rasa_ready(port))
        bot = Bot(f"http://localhost:{port}", live_bot.actions_url)
        bot.events_db = db
        yield bot
    except ProcessError as error:
        pytest.fail(str(error))
    finally:
        rasa.stop()


def test_with_the_switch_on_only_unanswered_questions_are_kept_and_redacted(keeping_bot):
    converse(keeping_bot)
    blob = all_bytes(keeping_bot.events_db)
    for text in DETAILS + ["chemicals", "suspicious van", "drawn into", "my brother"]:
        assert text.encode() not in blob, text
    kept = [r for r in rows(keeping_bot.events_db) if r["event"] == "act_unanswered"]
    assert {(r["reason"], r["text"]) for r in kept} == {
        ("no_figure", "how many counter terrorism officers are there"),
        ("fallback", "zxqv blorptang frimble [social media handle]"),
    }


def test_a_retention_over_30_days_stops_rasa_at_start_up(tmp_path):
    rasa, _ = start_rasa(
        {"INSIGHTS_DB": str(tmp_path / "e.sqlite"), "INSIGHTS_RETENTION_DAYS": "31"}, "rasa-retention.log"
    )
    try:
        deadline = time.monotonic() + 180
        while rasa.alive() and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not rasa.alive(), "Rasa started with a 31-day retention"
        assert "INSIGHTS_RETENTION_DAYS=31" in rasa.tail(200)
    finally:
        rasa.stop()


def test_the_default_store_is_under_a_private_ignored_folder():
    assert settings.get("INSIGHTS_DB").startswith("var/")
    assert "var/" in (ROOT / ".gitignore").read_text().split()
