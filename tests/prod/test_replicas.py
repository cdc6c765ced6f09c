"""More than one replica: the conversation lives in Redis, not in a replica."""

import re
import time

from tests.prod.prodkit import new_sender, send, text_of, tracker_user_texts

SUSPICION = "a man keeps filming the security gates at the power station"


def test_a_conversation_alternating_between_two_replicas_keeps_its_context(healthy):
    stack = healthy
    r0, r1 = stack.replica_webhook(0), stack.replica_webhook(1)

    # statistics follow-up (needs the previous turn's topic)
    sender = new_sender()
    assert "254" in text_of(send(r0, "how many terrorists are locked up", sender))
    follow_up = text_of(send(r1, "what about far right ones?", sender))
    assert "nearly a third (30%)" in follow_up, follow_up

    # the danger question and its answer, on different replicas
    sender = new_sender()
    first = text_of(send(r1, SUSPICION, sender))
    assert "gov.uk/ACT" in first
    assert "Call 999 now." in text_of(send(r0, "/affirm", sender))
    assert tracker_user_texts(stack, sender) == [SUSPICION, "/affirm"]


def test_nginx_spreads_one_conversation_over_both_replicas(healthy):
    stack = healthy
    access_log = stack.log_dir / "nginx-access.log"
    before = access_log.read_text().count("\n") if access_log.exists() else 0
    sender = new_sender()
    messages = [
        "hello",
        "what is prevent",
        "how many plots have been stopped",
        "thanks",
        "what does counter terrorism policing do",
        "bye",
    ]
    for m in messages:
        text_of(send(stack.webhook, m, sender))
    time.sleep(0.5)
    lines = [ln for ln in access_log.read_text().splitlines()[before:] if "/webhooks/rest/webhook" in ln]
    upstreams = {m.group(1) for ln in lines for m in [re.search(r"(127\.0\.0\.1:\d+) 200$", ln)] if m}
    assert upstreams == {f"127.0.0.1:{p}" for p in stack.cfg.rasa_ports}, lines
    assert tracker_user_texts(stack, sender) == messages


def test_a_replica_killed_mid_conversation_loses_nothing(healthy):
    stack = healthy
    sender = new_sender()
    assert "gov.uk/ACT" in text_of(send(stack.webhook, SUSPICION, sender))
    victim = stack.rasa[0]
    victim.kill()  # SIGKILL: no shutdown, no goodbye
    assert not victim.alive()
    # the next messages go through nginx to whichever replica is left
    assert "Call 999 now." in text_of(send(stack.webhook, "/affirm", sender))
    for _ in range(4):  # round-robin would have picked the dead one at least once
        assert text_of(send(stack.webhook, "what is prevent", new_sender()))
    assert tracker_user_texts(stack, sender) == [SUSPICION, "/affirm"]
    # and it comes back into the pool when restarted
    stack.start_replica(0)
    assert text_of(send(stack.replica_webhook(0), "thanks", sender))
    assert tracker_user_texts(stack, sender)[-1] == "thanks"
