"""Conversations expire in every tracker store the project uses."""

import asyncio
import time
import uuid

from rasa.core.tracker_store import RedisTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from addons.tracker_stores import ExpiringInMemoryTrackerStore


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _tracker(sender: str) -> DialogueStateTracker:
    t = DialogueStateTracker(sender, slots=[])
    t.update(UserUttered("hello [phone number]"))
    return t


def test_in_memory_store_forgets_a_conversation_after_record_exp():
    clock = Clock()
    store = ExpiringInMemoryTrackerStore(Domain.empty(), record_exp=1800, clock=clock)
    run = asyncio.run
    run(store.save(_tracker("a")))
    clock.now += 1799
    assert run(store.retrieve("a")) is not None
    run(store.save(_tracker("a")))  # a new message resets the clock
    clock.now += 1799
    assert run(store.retrieve("a")) is not None
    clock.now += 2
    assert run(store.retrieve("a")) is None
    assert "a" not in store.store


def test_in_memory_store_sweeps_conversations_nobody_comes_back_to():
    clock = Clock()
    store = ExpiringInMemoryTrackerStore(Domain.empty(), record_exp=60, clock=clock)
    for s in ("x", "y", "z"):
        asyncio.run(store.save(_tracker(s)))
    clock.now += 61
    asyncio.run(store.save(_tracker("new")))  # any save runs the sweep
    assert set(store.store) == {"new"}


def test_in_memory_store_is_what_endpoints_yml_can_load():
    from rasa.core.tracker_store import TrackerStore
    from rasa.utils.endpoints import EndpointConfig

    cfg = EndpointConfig(type="addons.tracker_stores.ExpiringInMemoryTrackerStore", record_exp=1800)
    store = TrackerStore.create(cfg, Domain.empty())
    inner = getattr(store, "_tracker_store", store)
    assert isinstance(inner, ExpiringInMemoryTrackerStore) and inner.record_exp == 1800


def test_redis_store_deletes_a_conversation_record_exp_after_its_last_message(healthy):
    stack = healthy
    store = RedisTrackerStore(
        Domain.empty(),
        host="127.0.0.1",
        port=stack.cfg.redis_port,
        username=stack.username,
        password=stack.password,
        db=2,
        record_exp=2,
        key_prefix="act",
    )  # Rasa's Redis user reaches act:* only; db 2 is the test's
    sender = f"exp-{uuid.uuid4().hex[:8]}"
    asyncio.run(store.save(_tracker(sender)))
    assert asyncio.run(store.retrieve(sender)) is not None
    time.sleep(3.5)
    assert asyncio.run(store.retrieve(sender)) is None
    assert stack.redis_client(2).keys("act:*") == []
