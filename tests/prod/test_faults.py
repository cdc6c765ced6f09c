"""Faults: the action server down or slow, Redis restarting.

Signposts are plain domain responses served by Rasa itself, so they keep
working; a statistics question gets the domain's utter_service_unavailable
(which also carries 999 and gov.uk/ACT) through SafeRestInput's fallback.
"""

import time
from concurrent.futures import ThreadPoolExecutor

from tests.prod.prodkit import (
    fallback_text,
    new_sender,
    send,
    slow_action_servers,
    text_of,
    wait_actions_via_nginx,
)

STATS = "how many plots have been stopped"
SUSPICION = "a man keeps filming the security gates at the power station"
EMERGENCY = "there's a bloke waving a machete about in the high street"
FIGURE = "43"


def _signposts_work(url: str) -> None:
    suspicion = text_of(send(url, SUSPICION, new_sender()))
    assert "gov.uk/ACT" in suspicion and "0800 789 321" in suspicion, suspicion
    assert "999" in text_of(send(url, EMERGENCY, new_sender()))
    # a follow-up answered from the previous turn comes from domain.yml too (addons/dialogue/)
    sender = new_sender()
    send(url, "what is the threat level", sender)
    assert "February 2022" in text_of(send(url, "since when", sender))


def test_action_servers_down_statistics_get_the_polite_reply_signposts_still_work(healthy):
    stack = healthy
    assert FIGURE in text_of(send(stack.webhook, STATS, new_sender()))
    for p in stack.actions:
        p.stop()
    try:
        for url in (stack.webhook, stack.replica_webhook(0), stack.replica_webhook(1)):
            started = time.monotonic()
            reply = text_of(send(url, STATS, new_sender()))
            assert reply == fallback_text(), reply
            assert "999" in reply and "gov.uk/ACT" in reply
            assert time.monotonic() - started < 5
            _signposts_work(url)
    finally:
        for i in range(len(stack.actions)):
            stack.start_action_server(i)
    back_after = wait_actions_via_nginx(stack)
    assert FIGURE in text_of(send(stack.webhook, STATS, new_sender())), "figures are back"
    print(f"action servers restarted: figures back {back_after:.1f}s later, no Rasa restart")
    log = "\n".join((stack.log_dir / f"rasa-{i}.log").read_text() for i in range(2))
    assert "Failed to execute custom action" in log or "Encountered an exception while running action" in log


def test_slow_action_server_statistics_get_the_polite_reply_in_time(healthy, tmp_path):
    stack = healthy
    with slow_action_servers(stack, tmp_path):

        def stats() -> tuple:
            started = time.monotonic()
            reply = text_of(send(stack.replica_webhook(0), STATS, new_sender()))
            return reply, time.monotonic() - started

        with ThreadPoolExecutor(max_workers=1) as pool:
            pending = pool.submit(stats)
            time.sleep(1.0)
            # meanwhile, on the same replica, other people are answered at once
            started = time.monotonic()
            _signposts_work(stack.replica_webhook(0))
            assert time.monotonic() - started < 5
            reply, took = pending.result(timeout=60)
        assert reply == fallback_text(), reply
        assert 8 < took < 16, took  # action_timeout_s (10 s) in credentials.yml, not Rasa's 5 minutes


def test_redis_restart_signposts_stay_visible_and_rasa_recovers_by_itself(healthy):
    stack = healthy
    pids = [p.pid for p in stack.rasa]
    sender = new_sender()
    assert "gov.uk/ACT" in text_of(send(stack.webhook, SUSPICION, sender))

    stack.redis.stop()  # SIGTERM: Redis flushes its append-only file and exits
    try:
        for url in (stack.webhook, stack.replica_webhook(0), stack.replica_webhook(1)):
            for message in ("hello", SUSPICION, STATS):
                reply = text_of(send(url, message, new_sender()))
                assert reply == fallback_text(), reply
                assert "999" in reply and "gov.uk/ACT" in reply
    finally:
        stack.start_redis()  # same port, password and data directory

    deadline = time.monotonic() + 30
    recovered_after = None
    while time.monotonic() < deadline:
        replies = [text_of(send(stack.replica_webhook(i), "what is prevent", new_sender())) for i in range(2)]
        if all(r != fallback_text() for r in replies):
            recovered_after = 30 - (deadline - time.monotonic())
            break
        time.sleep(0.5)
    assert recovered_after is not None, "Rasa did not recover after Redis came back"
    assert [p.pid for p in stack.rasa] == pids and all(p.alive() for p in stack.rasa), "no Rasa restart"
    # the conversation from before the restart is still there (append-only file)
    assert "Call 999 now." in text_of(send(stack.webhook, "/affirm", sender))

    log = "\n".join((stack.log_dir / f"rasa-{i}.log").read_text() for i in range(2))
    assert "ConnectionError" in log and "SafeRestInput: turn failed" in log
    print(f"redis restart: normal replies again {recovered_after:.1f}s after Redis was back")
