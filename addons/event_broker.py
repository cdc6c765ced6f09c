"""Rasa's SQL event broker, storing only what addons/event_privacy.py allows, with a retention limit.

endpoints.yml (make run: SQLite, file INSIGHTS_DB from defaults.env)::

    event_broker:
      type: addons.event_broker.PrivateSQLEventBroker
      dialect: sqlite

endpoints.prod.yml: ``dialect: postgresql`` with url, port, db, username and password.

Settings (defaults.env; an environment variable of the same name overrides them):

* INSIGHTS_RETENTION_DAYS (1-30): every stored row older than this is deleted, at start-up and
  at most every INSIGHTS_PURGE_EVERY_SECONDS on a publish. Above 30 the server refuses to start.
* INSIGHTS_KEEP_UNANSWERED (0/1, off by default): also keep the redacted text of messages the
  assistant did not understand (route "fallback", or the "I don't have that figure" answer) as
  ``act_unanswered`` rows, so operators can turn them into training data (make insights). The
  widget then says so (web/serve.py, data-keeps-unanswered).
"""

from __future__ import annotations

import json
import logging
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any, Callable, Dict, Optional, Text

import sqlalchemy as sa
import sqlalchemy.orm
from rasa.core.brokers.sql import SQLEventBroker

from addons import settings
from addons.event_privacy import NO_FIGURE_RESPONSE, bot_response, minimise
from addons.insights_settings import InsightsConfigError, keep_unanswered, retention_days

logger = logging.getLogger(__name__)

UNANSWERED_EVENT = "act_unanswered"
MAX_PENDING_SENDERS = 1000  # last user text per conversation, held only until its answer is known
# What SQLEventBroker must offer for this subclass to work (checked at start-up).
BASE_NEEDS = ("publish", "session_scope", "SQLBrokerEvent", "from_endpoint_config")
# The stored event's time inside the JSON column, per database.
TIMESTAMP_SQL = {
    "sqlite": "CAST(json_extract(data, '$.timestamp') AS REAL)",
    "postgresql": "CAST(CAST(data AS json)->>'timestamp' AS double precision)",
}


def sqlite_file(db: Optional[str]) -> str:
    """The SQLite path (relative paths from the project root), its folder created private (0700)."""
    path = Path(db or settings.get("INSIGHTS_DB"))
    path = path if path.is_absolute() else settings.ROOT / path
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.parent.chmod(0o700)
    return str(path)


def check_base_class() -> None:
    missing = [name for name in BASE_NEEDS if not hasattr(SQLEventBroker, name)]
    if missing:
        raise RuntimeError(
            f"rasa.core.brokers.sql.SQLEventBroker has no {', '.join(missing)}: this Rasa version is not "
            "the one addons/event_broker.py was written for (3.6)"
        )


class PrivateSQLEventBroker(SQLEventBroker):
    """Stores each event minimised; deletes rows older than the retention period."""

    def __init__(
        self,
        dialect: Text = "sqlite",
        host: Optional[Text] = None,
        port: Optional[int] = None,
        db: Optional[Text] = None,
        username: Optional[Text] = None,
        password: Optional[Text] = None,
        retention: Optional[int] = None,
        keep_text: Optional[bool] = None,
        clock: Callable[[], float] = time.time,
        **_unused: Any,
    ) -> None:
        check_base_class()
        if dialect not in TIMESTAMP_SQL:
            raise InsightsConfigError(f"event store dialect {dialect!r}: use one of {sorted(TIMESTAMP_SQL)}")
        self.retention_days = retention_days() if retention is None else retention_days(str(retention))
        self.keep_text = keep_unanswered() if keep_text is None else bool(keep_text)
        self.purge_every_s = settings.get_int("INSIGHTS_PURGE_EVERY_SECONDS")
        self.dialect, self.clock, self.last_purge = dialect, clock, 0.0
        self.pending: "OrderedDict[str, Dict[str, Any]]" = OrderedDict()
        if dialect == "sqlite":
            db = sqlite_file(db)
        for attempt in (1, 2, 3):
            try:
                super().__init__(dialect, host, port, db or "rasa", username, password)
                break
            except (sa.exc.IntegrityError, sa.exc.ProgrammingError):
                # two replicas starting together both create the events table: one loses the race
                if attempt == 3:
                    raise
                time.sleep(0.5 * attempt)
        if dialect == "sqlite":
            self._keep_sqlite_connection()
        self.purge()
        logger.info(
            "event store: %s, rows kept %d days, unanswered text %s",
            dialect,
            self.retention_days,
            "kept (redacted)" if self.keep_text else "not kept",
        )

    def _keep_sqlite_connection(self) -> None:
        """One pooled connection in WAL mode instead of SQLAlchemy's new connection per publish
        (NullPool for SQLite files): a turn's events cost about 3 ms instead of 13."""
        if not isinstance(getattr(self, "sessionmaker", None), sa.orm.sessionmaker):
            raise RuntimeError(
                "SQLEventBroker no longer keeps its `sessionmaker`: see addons/event_broker.py"
            )
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, poolclass=sa.pool.QueuePool, pool_size=1, max_overflow=2)
        sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        self.sessionmaker = sa.orm.sessionmaker(bind=self.engine)

    def publish(self, event: Dict[Text, Any]) -> None:
        for row in self.rows_for(event):
            super().publish(row)
        if self.clock() - self.last_purge >= self.purge_every_s:
            self.purge()

    def rows_for(self, event: Dict[Text, Any]) -> list:
        """The minimised event, and an unanswered-text row when that is switched on and due."""
        rows = [minimise(event)]
        if not self.keep_text:
            return rows
        sender = str(event.get("sender_id"))
        if event.get("event") == "user":
            self.pending.pop(sender, None)
            self.pending[sender] = event
            while len(self.pending) > MAX_PENDING_SENDERS:
                self.pending.popitem(last=False)
            if rows[0]["route"] == "fallback":
                rows.append(self.unanswered(event, "fallback"))
        elif event.get("event") == "bot":  # the turn's first answer: the question is dropped now
            asked = self.pending.pop(sender, None)
            if asked is not None and bot_response(event) == NO_FIGURE_RESPONSE:
                rows.append(self.unanswered(asked, NO_FIGURE_RESPONSE, event.get("timestamp")))
        return rows

    def unanswered(
        self, user_event: Dict[str, Any], reason: str, at: Optional[float] = None
    ) -> Dict[str, Any]:
        from addons.redaction import redact  # redacted again: `rasa shell` bypasses the REST channel

        stored = minimise(user_event)
        guess = (
            "ask_statistics"
            if reason == NO_FIGURE_RESPONSE
            else (stored.get("classifier") or {}).get("intent")
        )
        return {
            "event": UNANSWERED_EVENT,
            "timestamp": at or user_event.get("timestamp"),
            "sender_id": user_event.get("sender_id"),
            "reason": reason,
            "intent": stored["intent"],
            "route": stored["route"],
            "guess": guess,  # the classifier's own guess: a starting point for the reviewer
            "text": redact(user_event.get("text") or ""),
        }

    def purge(self, now: Optional[float] = None) -> int:
        """Delete every row older than the retention period; the number deleted."""
        now = self.clock() if now is None else now
        cutoff = now - self.retention_days * 86400
        sql = sa.text(
            f"DELETE FROM {self.SQLBrokerEvent.__tablename__} WHERE {TIMESTAMP_SQL[self.dialect]} < :cutoff"
        )
        with self.engine.begin() as connection:
            deleted = connection.execute(sql, {"cutoff": cutoff}).rowcount
        self.last_purge = now
        if deleted:
            logger.info("event store: deleted %d rows older than %d days", deleted, self.retention_days)
        return deleted

    def insert_raw(self, row: Dict[str, Any]) -> None:
        """Store ``row`` as it is (tests and tools: e.g. old rows to prove the purge)."""
        super().publish(json.loads(json.dumps(row)))


def _sqlite_pragmas(connection, _record) -> None:
    # WAL with normal sync: a commit per event stays well under a millisecond on a turn's path.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
