"""The production profile's event store (PostgreSQL, deploy/eventstore.py): every replica writes
minimised events there, no byte of the cluster holds what was typed, and `make insights` reads it."""

import json
import re
from pathlib import Path

import psycopg2

from insights import report
from tests.prod.prodkit import new_sender, send

MESSAGES = [
    "how can I report a person I think is planning something? He is Peter Fairbrother of 22 Larkspur Road, "
    "M14 5RT. Ring me on 07700 900456",
    "/affirm",
    "how many arrests are there each year? I'm Dorothy Quayle",
    "zxqv blorptang frimble",
]
DETAILS = [
    "Fairbrother",
    "Larkspur",
    "M14 5RT",
    "07700 900456",
    "07700900456",
    "Dorothy",
    "Quayle",
    "flangeworth",
]


def stored_rows(stack):
    connection = psycopg2.connect(stack.events.url())
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT sender_id, data FROM events ORDER BY id")
            return [(sender, json.loads(data)) for sender, data in cursor.fetchall()]
    finally:
        connection.close()


def checkpoint(stack):
    """Everything PostgreSQL holds in memory written to its files, so the byte search sees it."""
    connection = psycopg2.connect(stack.events.admin_url())
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    finally:
        connection.close()


def cluster_bytes(stack):
    return b"".join(p.read_bytes() for p in Path(stack.events.data_dir).rglob("*") if p.is_file())


def test_replicas_store_minimised_events_in_postgresql(healthy, tmp_path):
    stack = healthy
    sender = new_sender()
    for message in MESSAGES:
        assert send(stack.webhook, message, sender).status_code == 200
    rows = [data for who, data in stored_rows(stack) if who == sender]
    users = [r for r in rows if r["event"] == "user"]
    assert [r["route"] for r in users][:2] == ["report", "chitchat"] and users[1]["intent"] == "affirm"
    assert users[2]["terms"] == ["arrests"] and users[3]["route"] == "fallback"
    assert "utter_ask_immediate_danger" in {r.get("response") for r in rows}
    checkpoint(stack)
    blob = cluster_bytes(stack)
    for detail in DETAILS + ["planning something", "zxqv blorptang"]:
        assert detail.encode() not in blob, detail

    # make insights on the production store: the same numbers
    out = tmp_path / "report.html"
    assert report.main(["--db", stack.events.url(), "--days", "1", "--out", str(out)]) == 0
    page = out.read_text()
    total = sum(1 for _, r in stored_rows(stack) if r["event"] == "user")
    assert re.search(rf'<tr id="sum-messages"><th scope="row">Messages</th><td class=n>{total}</td>', page)
    assert stack.events.password not in page  # the URL is shown without its password
    for detail in DETAILS:
        assert detail not in page
