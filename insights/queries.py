"""Read the event store (SQLite file or PostgreSQL URL) and count what the report shows.

The rows are what addons/event_broker.py stored: minimised events (no user text) and, when an
operator switched it on, ``act_unanswered`` rows with the redacted text of questions the
assistant did not understand. Counting happens here, in plain Python, so SQLite and PostgreSQL
give the same numbers.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import sqlalchemy as sa

from addons.event_broker import TIMESTAMP_SQL, UNANSWERED_EVENT
from addons.event_privacy import ASK_DANGER_RESPONSE, NO_FIGURE_RESPONSE
from addons.route_labels import ROUTES

LOW_CONFIDENCE = 0.5  # the classifier's own guess below this counts as "low in confidence"
ANSWER_OF_INTENT = {"affirm": "yes", "deny": "no"}  # the buttons of "Is anyone in danger right now?"


class InsightsError(ValueError):
    """Bad input to the report: a missing database, a period that makes no sense."""


@dataclass(frozen=True)
class Period:
    first: date  # both days included, UTC
    last: date

    @classmethod
    def of(cls, start: Optional[str], end: Optional[str], days: Optional[int], today: Optional[date] = None):
        today = today or datetime.now(timezone.utc).date()
        try:
            last = date.fromisoformat(end) if end else today
            first = date.fromisoformat(start) if start else last - timedelta(days=(days or 7) - 1)
        except ValueError as error:
            raise InsightsError(f"dates are YYYY-MM-DD: {error}") from None
        if first > last:
            raise InsightsError(f"the period starts ({first}) after it ends ({last})")
        return cls(first, last)

    def bounds(self) -> Tuple[float, float]:
        start = datetime.combine(self.first, datetime.min.time(), tzinfo=timezone.utc)
        return start.timestamp(), (start + timedelta(days=self.days())).timestamp()

    def days(self) -> int:
        return (self.last - self.first).days + 1

    def each_day(self) -> List[date]:
        return [self.first + timedelta(days=i) for i in range(self.days())]


def db_url(db: str) -> str:
    """A database URL for ``db``: a URL as given, or an existing SQLite file."""
    if "://" in db:
        return db
    path = Path(db).resolve()
    if not path.is_file():
        raise InsightsError(f"no event database at {path} (INSIGHTS_DB; `make run` creates it)")
    return f"sqlite:///{path}"


def load(db: str, period: Period) -> List[dict]:
    """Every stored row of the period, oldest first, each with its row ``id``."""
    url = db_url(db)
    engine = sa.create_engine(url)
    dialect = engine.dialect.name
    if dialect not in TIMESTAMP_SQL:
        raise InsightsError(f"unsupported database {dialect!r}: use SQLite or PostgreSQL")
    start, end = period.bounds()
    query = sa.text(
        f"SELECT id, data FROM events WHERE {TIMESTAMP_SQL[dialect]} >= :start "
        f"AND {TIMESTAMP_SQL[dialect]} < :end ORDER BY id"
    )
    try:
        with engine.connect() as connection:
            rows = connection.execute(query, {"start": start, "end": end}).fetchall()
    finally:
        engine.dispose()
    return [{**json.loads(data), "id": row_id} for row_id, data in rows]


def day_of(row: dict) -> date:
    return datetime.fromtimestamp(float(row["timestamp"]), tz=timezone.utc).date()


def users(rows: List[dict]) -> List[dict]:
    return [r for r in rows if r.get("event") == "user"]


def daily(rows: List[dict], period: Period) -> List[dict]:
    """Per day: conversations (senders who wrote), messages, fallbacks and the fallback rate."""
    senders, messages, fallbacks, no_figure = defaultdict(set), Counter(), Counter(), Counter()
    for row in rows:
        day = day_of(row)
        if row.get("event") == "user":
            senders[day].add(row.get("sender_id"))
            messages[day] += 1
            fallbacks[day] += row.get("route") == "fallback"
        elif row.get("event") == "bot" and row.get("response") == NO_FIGURE_RESPONSE:
            no_figure[day] += 1
    return [
        {
            "day": day,
            "conversations": len(senders[day]),
            "messages": messages[day],
            "fallbacks": fallbacks[day],
            "no_figure": no_figure[day],
            "fallback_rate": fallbacks[day] / messages[day] if messages[day] else None,
        }
        for day in period.each_day()
    ]


def route_shares(rows: List[dict]) -> List[Tuple[str, int, float]]:
    """(route, messages, share) for every route, in the vocabulary's order."""
    counts = Counter(r.get("route") for r in users(rows))
    total = sum(counts.values())
    return [(route, counts[route], counts[route] / total if total else 0.0) for route in ROUTES]


def report_funnel(rows: List[dict]) -> Dict[str, int]:
    """Reports, how often "Is anyone in danger?" was asked, and the answers (the next message)."""
    funnel = Counter(reports=0, asked=0, yes=0, no=0, other=0)
    waiting = set()  # senders asked the question and not yet answered
    for row in rows:
        sender = row.get("sender_id")
        if row.get("event") == "bot" and row.get("response") == ASK_DANGER_RESPONSE:
            funnel["asked"] += 1
            waiting.add(sender)
        elif row.get("event") == "user":
            if sender in waiting:
                waiting.discard(sender)
                funnel[ANSWER_OF_INTENT.get(row.get("intent"), "other")] += 1
            if row.get("route") == "report":
                funnel["reports"] += 1
    return dict(funnel)


def fallback_trend(days: List[dict]) -> Optional[float]:
    """The second half's fallback rate minus the first half's (None with under two days of traffic)."""
    rated = [d for d in days if d["messages"]]
    if len(rated) < 2:
        return None
    half = len(rated) // 2

    def rate(part):
        return sum(d["fallbacks"] for d in part) / sum(d["messages"] for d in part)

    return rate(rated[half:]) - rate(rated[:half])


def confidence_table(rows: List[dict]) -> Tuple[List[Tuple[str, int]], List[Tuple[str, str, int]]]:
    """Intents the classifier guessed with low confidence, and (guess, routed intent) re-routings."""
    low, rerouted = Counter(), Counter()
    for row in users(rows):
        guess = row.get("classifier") or {"intent": row.get("intent"), "confidence": row.get("confidence")}
        if guess.get("confidence") is not None and guess["confidence"] < LOW_CONFIDENCE:
            low[guess.get("intent")] += 1
        if row.get("classifier") and guess.get("intent") != row.get("intent"):
            rerouted[(guess.get("intent"), row.get("intent"))] += 1
    return low.most_common(10), [(a, b, n) for (a, b), n in rerouted.most_common(10)]


def asked_figures(rows: List[dict]) -> List[Tuple[str, int]]:
    """Domain terms (nlp/terms.yml ids) in statistics questions, most asked first."""
    counts = Counter(t for r in users(rows) if r.get("route") == "statistics" for t in r.get("terms") or [])
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:15]


def unanswered(rows: List[dict]) -> List[dict]:
    return [r for r in rows if r.get("event") == UNANSWERED_EVENT]


def summary(rows: List[dict], period: Period) -> dict:
    """Every number of the report."""
    days = daily(rows, period)
    messages = sum(d["messages"] for d in days)
    fallbacks = sum(d["fallbacks"] for d in days)
    low, rerouted = confidence_table(rows)
    return {
        "period": period,
        "days": days,
        "conversations": len({r.get("sender_id") for r in users(rows)}),
        "messages": messages,
        "fallbacks": fallbacks,
        "no_figure": sum(d["no_figure"] for d in days),
        "fallback_rate": fallbacks / messages if messages else None,
        "fallback_trend": fallback_trend(days),
        "routes": route_shares(rows),
        "funnel": report_funnel(rows),
        "low_confidence": low,
        "rerouted": rerouted,
        "figures": asked_figures(rows),
        "unanswered": unanswered(rows),
    }
