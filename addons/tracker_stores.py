"""Tracker stores: conversation expiry in memory, socket timeouts for Redis.

``ExpiringInMemoryTrackerStore`` is Rasa's in-memory store (used by
``make run``) that forgets a conversation ``record_exp`` seconds (default
1800 = 30 minutes) after its last message, the same rule RedisTrackerStore
applies with its own ``record_exp`` (Redis key TTL, reset on every save).

endpoints.yml::

    tracker_store:
      type: addons.tracker_stores.ExpiringInMemoryTrackerStore
      record_exp: 1800

Expired conversations are deleted lazily (when looked up) and by a sweep that
runs at most every ``sweep_interval`` seconds on any save/lookup, so a
conversation is never kept much longer than ``record_exp`` even if its sender
never comes back.

``TimeoutRedisTrackerStore`` is Rasa's Redis tracker store with socket timeouts (Rasa 3.6 sets
none: a Redis that hangs would block the replica's event loop for good). endpoints.prod.yml::

    tracker_store:
      type: addons.tracker_stores.TimeoutRedisTrackerStore
      socket_timeout: 2
      socket_connect_timeout: 2
"""

from __future__ import annotations

import logging
import time
from typing import Any, Dict, Iterable, Optional, Text

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore, RedisTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

DEFAULT_RECORD_EXP = 1800.0
# seconds; Redis answers in well under a millisecond when healthy
DEFAULT_SOCKET_TIMEOUT = 2.0


class ExpiringInMemoryTrackerStore(InMemoryTrackerStore):
    """In-memory tracker store whose conversations expire after inactivity."""

    def __init__(
        self,
        domain: Domain,
        event_broker: Optional[EventBroker] = None,
        record_exp: Optional[float] = DEFAULT_RECORD_EXP,
        sweep_interval: Optional[float] = None,
        clock: Any = time.monotonic,
        **kwargs: Any,
    ) -> None:
        kwargs.pop("host", None)  # Rasa passes the endpoint url as host
        super().__init__(domain, event_broker, **kwargs)
        self.record_exp = float(record_exp) if record_exp else None
        self.sweep_interval = float(
            sweep_interval if sweep_interval is not None else min(60.0, (self.record_exp or 600.0) / 10)
        )
        self._clock = clock
        self._last_saved: Dict[Text, float] = {}
        self._last_sweep = clock()
        logger.info(
            "ExpiringInMemoryTrackerStore: conversations expire %s s after the last message.",
            self.record_exp,
        )

    # -- expiry ---------------------------------------------------------- #
    def _expired(self, sender_id: Text, now: float) -> bool:
        if self.record_exp is None:
            return False
        saved = self._last_saved.get(sender_id)
        return saved is not None and now - saved >= self.record_exp

    def _forget(self, sender_id: Text) -> None:
        self.store.pop(sender_id, None)
        self._last_saved.pop(sender_id, None)

    def sweep(self, force: bool = False) -> int:
        """Delete every expired conversation; returns how many."""
        now = self._clock()
        if not force and now - self._last_sweep < self.sweep_interval:
            return 0
        self._last_sweep = now
        gone = [s for s in list(self._last_saved) if self._expired(s, now)]
        for s in gone:
            self._forget(s)
        if gone:
            logger.debug("ExpiringInMemoryTrackerStore: expired %d conversation(s)", len(gone))
        return len(gone)

    # -- TrackerStore API -------------------------------------------------- #
    async def save(self, tracker: DialogueStateTracker) -> None:
        self.sweep()
        await super().save(tracker)
        self._last_saved[tracker.sender_id] = self._clock()

    def _expire(self, sender_id: Text) -> None:
        self.sweep()
        if self._expired(sender_id, self._clock()):
            self._forget(sender_id)

    # both public lookups of Rasa's TrackerStore API, so a renamed internal cannot skip expiry
    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        self._expire(sender_id)
        return await super().retrieve(sender_id)

    async def retrieve_full_tracker(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        self._expire(sender_id)
        return await super().retrieve_full_tracker(sender_id)

    async def keys(self) -> Iterable[Text]:
        self.sweep(force=True)
        return list(self.store.keys())

    async def delete(self, sender_id: Text) -> None:  # not in Rasa's base API
        self._forget(sender_id)


def set_socket_timeouts(client: Any, owner: str, socket_timeout: Any, socket_connect_timeout: Any) -> None:
    """Give a redis-py client (before its first command) read/write and connect timeouts."""
    import redis

    if not isinstance(client, redis.Redis):
        raise TypeError(
            f"{owner}: expected Rasa to keep its redis client in `.red`, found {type(client).__name__}; "
            "socket timeouts cannot be set. Update addons/tracker_stores.py for this Rasa."
        )
    client.connection_pool.connection_kwargs.update(
        socket_timeout=float(socket_timeout), socket_connect_timeout=float(socket_connect_timeout)
    )


class TimeoutRedisTrackerStore(RedisTrackerStore):
    """Rasa's Redis tracker store; every Redis call gives up after ``socket_timeout`` seconds."""

    def __init__(
        self,
        domain: Domain,
        socket_timeout: float = DEFAULT_SOCKET_TIMEOUT,
        socket_connect_timeout: float = DEFAULT_SOCKET_TIMEOUT,
        **kwargs: Any,
    ) -> None:
        super().__init__(domain, **kwargs)
        set_socket_timeouts(self.red, type(self).__name__, socket_timeout, socket_connect_timeout)
