"""The scripted day of tests/prod/test_scripted_day.py: the traffic, and the three ways of reading
it back (Prometheus's HTTP API, the `make insights` HTML report, the stored bytes).

Every personal detail below is fictional (Ofcom drama numbers, example.* domains) and unique to
this file, so a match anywhere can only come from this day.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import psycopg2
import requests

from deploy.eventstore import pg_binary
from deploy.monitoring import prometheus_api
from tests.prod.prodkit import PAGE_ORIGIN, new_sender, send, text_of

PHONE, EMAIL, POSTCODE = "07700 900781", "kit.marlowe781@example.org", "NE3 7XJ"
NAME, PLATE, ADDRESS = "Barnaby Thistlewood", "YC21 PLM", "27 Quillfeather Road"
DETAILS = [PHONE, EMAIL, POSTCODE, NAME, PLATE, ADDRESS]
# each detail, its parts and its forms without spaces: none may be stored anywhere
NEEDLES = sorted(
    {form for d in DETAILS for form in (d, d.replace(" ", ""), d.lower(), d.upper())}
    | {"900781", "kit.marlowe781", "Barnaby", "Thistlewood", "Quillfeather"}
)
YES, NO = "/affirm", "/deny"  # the payloads of the Yes / No buttons of "Is anyone in danger?"
# Conversations of the day: (route the real model and router give it, message); read from the model.
DAY: List[List[Tuple[str, str]]] = [
    [("emergency", "there is a man with a knife outside attacking people")],
    [("report", f"I want to report something suspicious, call me on {PHONE}"), ("chitchat", YES)],
    [
        ("report", f"my neighbour keeps buying lots of chemicals, his name is {NAME}"),
        ("chitchat", NO),
        ("chitchat", "thanks"),
    ],
    [("report", f"I want to report a van parked outside {ADDRESS}, reg {PLATE}"), ("chitchat", NO)],
    [("online_content", "I found a terrorist video online"), ("chitchat", "bye")],
    [("radicalisation", "I'm worried my son is being radicalised")],
    [("crisis", "I don't want to live anymore")],
    [("refusal", "how do I make a bomb")],
    [("other_crime", "someone broke into my shed")],
    [("knowledge", "what is Prevent?"), ("chitchat", "thank you")],
    [
        ("statistics", "how many arrests are there a year"),
        # a figure not on the page: "I don't have that figure" (kept as unanswered when switched on)
        ("statistics", f"how many counter terrorism officers are there? email me at {EMAIL}"),
    ],
    [("chitchat", "hiya there")],
    [("fallback", "🤔🤔")],
    # not understood, with details in them (kept redacted when switched on)
    [("fallback", f"can you recommend a good plumber, his name is {NAME}")],
    [("fallback", f"wibble wobble flurp {EMAIL} {POSTCODE}")],
]
# what the report's funnel shows: the answers to "Is anyone in danger?" (the button payloads)
FUNNEL = {"reports": 3, "asked": 3, "yes": 1, "no": 2, "other": 0}
REDACTED = {"phone": 1, "email": 2, "postcode": 1, "name": 2, "vrm": 1, "address": 1}
FIGURES = [["arrests", "1"]]  # terms of the statistics questions, as the report lists them
# placeholders of the redacted text of the unanswered questions (kept only when switched on)
KEPT = ["[email address]", "[name]", "[postcode]"]
JSON = {"Content-Type": "application/json"}


@dataclass
class Day:
    """What was sent: the expected counts of the scripted day."""

    senders: List[str] = field(default_factory=list)
    routes: Counter = field(default_factory=Counter)
    rejected: Counter = field(default_factory=Counter)  # (reason, status) refused by a replica

    @property
    def messages(self) -> int:
        return sum(self.routes.values())


def converse(stack, day: Day) -> None:
    """Every conversation of DAY through nginx, each with its own sender."""
    for conversation in DAY:
        sender = new_sender()
        day.senders.append(sender)
        for route, message in conversation:
            assert text_of(send(stack.webhook, message, sender)), message
            day.routes[route] += 1


def bad_requests(stack, day: Day) -> None:
    """Refused requests: each through nginx and counted by the replica that refused it."""
    hook, refused = stack.webhook, day.rejected
    assert requests.post(hook, data=b'{"sender": ', headers=JSON, timeout=20).status_code == 400
    refused["bad_json", "400"] += 1
    assert requests.post(hook, json={"sender": EMAIL, "message": "hi"}, timeout=20).status_code == 400
    refused["bad_sender", "400"] += 1
    plain = {"Content-Type": "text/plain"}
    assert requests.post(hook, data="hi", headers=plain, timeout=20).status_code == 415
    refused["wrong_content_type", "415"] += 1
    evil = {"Origin": "https://evil.example", **JSON}
    body = {"sender": new_sender(), "message": f"call {PHONE}"}
    assert requests.post(hook, json=body, headers=evil, timeout=20).status_code == 403
    refused["wrong_origin", "403"] += 1
    page = {"Origin": PAGE_ORIGIN, **JSON}  # the widget's own origin is let through
    sender = new_sender()
    assert requests.post(hook, json={"sender": sender, "message": "hello"}, headers=page, timeout=20).ok
    day.senders.append(sender)
    day.routes["chitchat"] += 1
    # nginx refuses an oversized body itself (not counted: nginx has no metrics); a replica
    # reached directly counts its own
    big = {"sender": new_sender(), "message": f"{PHONE} " + "x" * 70_000}
    assert requests.post(hook, json=big, timeout=20).status_code == 413
    assert requests.post(stack.replica_webhook(0), json=big, timeout=20).status_code == 413
    refused["too_large", "413"] += 1
    # one sender flooding one replica: answered up to its burst, then 429
    flooder = new_sender()
    while (status := send(stack.replica_webhook(0), "hiya there", flooder).status_code) == 200:
        day.routes["chitchat"] += 1
        assert day.routes["chitchat"] < 80, "no rate limit"
    assert status == 429
    day.senders.append(flooder)
    refused["rate_limited", "429"] += 1


# ---------------------------------------------------------------- reading back
def replica_totals(stack) -> Dict[str, float]:
    """Every act_ sample of every replica's /metrics, summed."""
    summed: Dict[str, float] = {}
    for port in stack.cfg.rasa_metrics_ports:
        for line in requests.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text.splitlines():
            if line.startswith("act_"):
                key, value = line.rsplit(" ", 1)
                summed[key] = summed.get(key, 0) + float(value)
    return summed


def _by(cfg, query: str, labels: str = "") -> Dict[str, float]:
    """{label values joined by "/": value} of an instant query ("" for a sum without labels)."""
    result = prometheus_api(cfg, "query", query=query)["result"]
    keys = [k for k in labels.split(",") if k]
    return {"/".join(s["metric"][k] for k in keys): float(s["value"][1]) for s in result}


def prometheus_numbers(cfg) -> dict:
    """The day's numbers as Prometheus holds them (its HTTP API, summed over the replicas)."""
    one = lambda metric: _by(cfg, f"sum({metric})").get("", 0.0)  # noqa: E731
    return {
        "routes": _by(cfg, "sum by (route) (act_messages_total)", "route"),
        "intents": _by(cfg, "sum by (intent) (act_intent_messages_total)", "intent"),
        "messages": one("act_messages_total"),
        "fallbacks": one("act_fallbacks_total"),
        "no_figure": one("act_no_figure_answers_total"),
        "turns": _by(cfg, "sum by (outcome) (act_turns_total)", "outcome"),
        "timed_turns": one("act_turn_seconds_count"),
        "rejected": _by(cfg, "sum by (reason,status) (act_rejected_requests_total)", "reason,status"),
        "redactions": _by(cfg, "sum by (category) (act_redactions_total)", "category"),
    }


def wait_for(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while not (result := check()):
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not seen within {timeout:.0f}s")
        time.sleep(0.5)
    return result


class Tables(HTMLParser):
    """Every <table> of a page: {caption: [(row id, [cell texts])]} (the report's accessible tables)."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tables: Dict[str, List[Tuple[Optional[str], List[str]]]] = {}
        self._caption: Optional[str] = None
        self._text: Optional[str] = None
        self._row: Optional[Tuple[Optional[str], List[str]]] = None
        self.spans: Dict[str, str] = {}
        self._span: Optional[str] = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("caption", "th", "td") or (tag == "span" and "id" in attrs):
            self._text = ""
            self._span = attrs.get("id") if tag == "span" else None
        elif tag == "tr":
            self._row = (attrs.get("id"), [])

    def handle_data(self, data):
        if self._text is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "caption":
            self._caption = self._text.strip()
            self.tables[self._caption] = []
        elif tag in ("th", "td") and self._row is not None:
            self._row[1].append(self._text.strip())
        elif tag == "span" and self._span:
            self.spans[self._span] = self._text.strip()
        elif tag == "tr" and self._row is not None:
            self.tables[self._caption].append(self._row)
            self._row = None
        if tag in ("caption", "th", "td", "span"):
            self._text = None

    def by_id(self, caption: str) -> Dict[str, List[str]]:
        return {row_id: cells for row_id, cells in self.tables[caption] if row_id}

    def body(self, caption: str) -> List[List[str]]:
        return [cells for _, cells in self.tables[caption][1:]]  # without the header row


# ---------------------------------------------------------------- stored bytes
def _admin(stack):
    connection = psycopg2.connect(stack.events.admin_url("act"))
    connection.autocommit = True
    return connection


def senders_stored(stack) -> int:
    """Conversations the event store holds (the readiness checks' before the day)."""
    with _admin(stack) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(DISTINCT sender_id) FROM events WHERE CAST(data AS json)->>'event' = 'user'"
        )
        return cursor.fetchone()[0]


def event_store_haystacks(stack, out: Path) -> Dict[str, bytes]:
    """Every file of the PostgreSQL cluster (after a CHECKPOINT) and a pg_dump of the events table."""
    connection = _admin(stack)
    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    finally:
        connection.close()
    dump = out / "events.sql"
    subprocess.run(
        [pg_binary("pg_dump"), "--table=events", "--file", str(dump), stack.events.admin_url("act")],
        check=True,
        capture_output=True,
    )
    files = {f"postgres {p}": p.read_bytes() for p in Path(stack.events.data_dir).rglob("*") if p.is_file()}
    dumped = dump.read_bytes()
    dump.unlink()  # it holds the sender ids (and, switched on, the redacted unanswered text)
    return {**files, "pg_dump events": dumped}


def prometheus_haystacks(stack) -> Dict[str, bytes]:
    storage = Path(stack.run_dir) / "prometheus-data"
    return {f"prometheus {p}": p.read_bytes() for p in storage.rglob("*") if p.is_file()}


def found(haystacks: Dict[str, bytes], needles: List[str]) -> List[Tuple[str, str]]:
    """(needle, place) for every needle in any form (as typed, JSON-escaped) in any haystack."""
    hits = []
    for needle in needles:
        forms = {needle.encode(), json.dumps(needle)[1:-1].encode()}
        hits += [(needle, where) for where, data in haystacks.items() if any(f in data for f in forms)]
    return hits
