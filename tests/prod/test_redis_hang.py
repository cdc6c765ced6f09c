"""Redis hangs (SIGSTOP): replies still arrive within the turn timeout and carry the signposts.

Rasa 3.6's Redis stores call redis-py synchronously on the event loop; without socket timeouts a
Redis that stops answering blocks the replica for good. endpoints.prod.yml gives both stores
socket timeouts (addons.tracker_stores.TimeoutRedisTrackerStore, addons.lock_stores).
"""

import os
import signal
import time

from tests.prod.prodkit import new_sender, send, text_of

TURN_TIMEOUT_S = 15  # credentials.yml turn_timeout_s


def test_a_hanging_redis_does_not_stall_the_replicas(healthy):
    stack = healthy
    pid = stack.redis.pid
    assert pid, "no Redis process"
    os.kill(pid, signal.SIGSTOP)
    try:
        for url in (stack.replica_webhook(0), stack.replica_webhook(1), stack.webhook):
            for message in ("hello", "there's a bloke waving a machete about in the high street"):
                started = time.monotonic()
                reply = text_of(send(url, message, new_sender(), timeout=TURN_TIMEOUT_S + 10))
                took = time.monotonic() - started
                assert took < TURN_TIMEOUT_S, f"{url}: {took:.1f}s"
                assert "999" in reply and "gov.uk/ACT" in reply, reply
                print(f"redis stopped: {url} answered in {took:.2f}s")
    finally:
        os.kill(pid, signal.SIGCONT)


def test_each_store_gives_up_on_a_stopped_redis_within_its_socket_timeout(tmp_path):
    """Built by Rasa's own factories from endpoints.prod.yml's settings, against a real redis-server."""
    import asyncio
    import subprocess

    import yaml
    from rasa.core.lock_store import LockStore
    from rasa.core.tracker_store import TrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.utils.endpoints import EndpointConfig

    from scripts.processes import free_port
    from tests.prod.prodkit import ROOT, find_binary

    endpoints = yaml.safe_load((ROOT / "endpoints.prod.yml").read_text())  # ${VARS} left unexpanded
    port = free_port()
    redis = subprocess.Popen(
        [
            find_binary("redis-server"),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )

    def config(section: str, db: str) -> EndpointConfig:
        cfg = {k: v for k, v in endpoints[section].items() if "${" not in str(v)}  # the rest from the env
        return EndpointConfig(url="127.0.0.1", port=str(port), db=db, **cfg)

    try:
        tracker_store = TrackerStore.create(config("tracker_store", "0"), Domain.empty())
        lock_store = LockStore.create(config("lock_store", "1"))
        deadline = time.monotonic() + 10
        while True:  # ready
            try:
                lock_store.get_lock("warm-up")
                break
            except Exception:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.2)
        os.kill(redis.pid, signal.SIGSTOP)
        try:
            for name, call in (
                ("tracker store", lambda: asyncio.run(tracker_store.retrieve("x"))),
                ("lock store", lambda: lock_store.get_lock("x")),
            ):
                started = time.monotonic()
                try:
                    call()
                except Exception as e:  # redis.exceptions.TimeoutError
                    assert "Timeout" in type(e).__name__, repr(e)
                else:
                    raise AssertionError(f"{name}: a stopped Redis answered")
                took = time.monotonic() - started
                limit = float(
                    endpoints["tracker_store" if name == "tracker store" else "lock_store"]["socket_timeout"]
                )
                assert took < limit + 1.0, f"{name} waited {took:.1f}s"
        finally:
            os.kill(redis.pid, signal.SIGCONT)
    finally:
        redis.terminate()
        redis.wait(10)


def test_the_memory_store_overrides_only_public_rasa_methods():
    """A renamed Rasa internal must not silently switch expiry off."""
    from rasa.core.tracker_store import InMemoryTrackerStore

    from addons.tracker_stores import ExpiringInMemoryTrackerStore

    rasa_private = {n for n in dir(InMemoryTrackerStore) if n.startswith("_") and not n.startswith("__")}
    overridden = {n for n in vars(ExpiringInMemoryTrackerStore) if n in rasa_private}
    assert not overridden, f"overrides Rasa internals: {sorted(overridden)}"
