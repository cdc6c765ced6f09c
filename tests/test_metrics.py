"""addons/metrics.py without servers: the metrics, their bounded labels, the final intent read from
the stored user event, action failures from Rasa's log, the /metrics endpoint on loopback, and
redact_counted. The channel recording them: tests/test_metrics_channel.py; the real model:
tests/test_metrics_live.py; Prometheus and the production profile: tests/prod/test_metrics.py."""

import asyncio
import inspect
import logging
import re
import socket
from collections import Counter

import prometheus_client as prom
import pytest
import requests
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from addons import metrics
from addons.channel import hygiene
from addons.redaction import PLACEHOLDERS, redact, redact_counted
from addons.route_labels import ROUTE_OF_INTENT, ROUTES
from scripts.processes import free_port

PII = ["07700 900123", "jo.bloggs@example.com"]


def fresh() -> metrics.ChannelMetrics:
    m = metrics.ChannelMetrics()
    m.set_intents(["greet", "ask_statistics", "report_emergency", "nlu_fallback", "ask_what_is_prevent"])
    return m


def exposition(m: metrics.ChannelMetrics) -> str:
    return prom.generate_latest(m.registry).decode()


# --------------------------------------------------------------------------- #
# the metrics and their labels
# --------------------------------------------------------------------------- #
def test_messages_are_counted_by_route_and_intent_and_fallbacks_apart():
    m = fresh()
    for intent in ["greet", "greet", "report_emergency", "nlu_fallback", "ask_what_is_prevent", None]:
        m.record_intent(intent)
    assert m.value("act_messages_total", route="chitchat") == 2
    assert m.value("act_messages_total", route="emergency") == 1
    assert m.value("act_messages_total", route="knowledge") == 1
    assert m.value("act_messages_total", route="fallback") == 2  # nlu_fallback, and no intent at all
    assert m.value("act_intent_messages_total", intent="greet") == 2
    assert m.value("act_fallbacks_total") == 2


def test_every_route_exists_at_zero_before_any_message():
    text = exposition(fresh())
    for route in ROUTES:
        assert f'act_messages_total{{route="{route}"}} 0.0' in text
    for category in PLACEHOLDERS:
        assert f'act_redactions_total{{category="{category}"}} 0.0' in text
    assert "_created" not in text


def test_an_intent_outside_the_loaded_domain_is_labelled_other():
    m = fresh()
    m.record_intent("my name is Jo Bloggs")  # whatever arrives, the label set stays bounded
    assert m.value("act_intent_messages_total", intent="other") == 1
    assert "Jo Bloggs" not in exposition(m)


def test_route_labels_cover_the_routes_the_issue_names():
    assert set(ROUTE_OF_INTENT.values()) <= set(ROUTES)


def _codes_in_channel() -> set:
    from addons import settings

    found = set()
    for name in ("limits.py", "rest.py"):
        source = (settings.ROOT / "addons" / "channel" / name).read_text()
        found |= set(re.findall(r"(?:RequestRejected|error_response)\(\s*\d+,\s*\"(\w+)\"", source))
    return found


def test_every_rejection_code_of_the_channel_has_a_reason():
    codes = _codes_in_channel()
    assert {"body_too_large", "invalid_json", "invalid_sender", "rate_limited", "origin_not_allowed"} <= codes
    assert codes <= set(metrics.REJECT_REASONS), codes - set(metrics.REJECT_REASONS)
    wanted = {"too_large", "bad_json", "bad_sender", "rate_limited", "wrong_origin", "wrong_content_type"}
    assert wanted <= set(metrics.REASONS)


def test_rejections_are_counted_by_reason_and_status():
    m = fresh()
    m.record_rejection("invalid_json", 400)
    m.record_rejection("empty_body", 400)
    m.record_rejection("rate_limited", 429)
    m.record_rejection("something new", 400)
    assert m.value("act_rejected_requests_total", reason="bad_json", status="400") == 2
    assert m.value("act_rejected_requests_total", reason="rate_limited", status="429") == 1
    assert m.value("act_rejected_requests_total", reason="other", status="400") == 1


def test_no_figure_prefix_is_what_the_action_says():
    from actions.statistics import NO_FIGURE_TEXT

    assert NO_FIGURE_TEXT.startswith(metrics.NO_FIGURE_PREFIX)
    m = fresh()
    m.record_bot_messages([{"text": NO_FIGURE_TEXT}, {"text": "In an emergency call 999."}])
    m.record_bot_messages([{"text": "Counter terrorism police arrest about 250 people a year"}])
    assert m.value("act_no_figure_answers_total") == 1


def test_turn_latency_buckets_fit_the_budget_and_the_timeout():
    buckets = metrics.LATENCY_BUCKETS
    assert 0.03 in buckets and min(buckets) <= 0.01  # p95 ~30 ms resolvable
    assert max(buckets) >= 15  # the channel's turn_timeout_s
    m = fresh()
    m.record_turn("ok", 0.025)
    m.record_turn("timeout", 15.2)
    m.record_turn("made up", 0.1)
    assert m.value("act_turn_seconds_bucket", le="0.03") == 1
    assert m.value("act_turn_seconds_count") == 3
    assert m.value("act_turns_total", outcome="error") == 1


def test_redactions_count_categories_only():
    m = fresh()
    _, found = redact_counted(f"call {PII[0]} or mail {PII[1]}, else 07700 900456")
    m.record_redactions(found)
    assert m.value("act_redactions_total", category="phone") == 2
    assert m.value("act_redactions_total", category="email") == 1
    assert not any(p in exposition(m) for p in PII)


# --------------------------------------------------------------------------- #
# redact_counted: one code path with redact
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize(
    "text",
    [
        "call 07700 900123 now",
        "jo@example.com and 07700 900123",
        "nothing personal",
        "",
        "SW1A 1AA at 10 Downing Street",
    ],
)
def test_redact_is_redact_counted(text):
    redacted, found = redact_counted(text)
    assert redact(text) == redacted
    assert sum(found.values()) == sum(redacted.count(PLACEHOLDERS[k]) for k in found)


def test_prepare_text_reports_what_it_redacted():
    counts: Counter = Counter()
    text = hygiene.prepare_text(f"my number is {PII[0]}", 2000, frozenset(), counts)
    assert "[phone number]" in text and counts == Counter(phone=1)


# --------------------------------------------------------------------------- #
# the final intent, from the user event Rasa saves
# --------------------------------------------------------------------------- #
class _Agent:
    """What the channel reads of Rasa's Agent: the domain, and the store wrapped as Agent wraps it."""

    def __init__(self):
        from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore

        self.domain = Domain.from_dict({"intents": ["greet", "report_emergency"]})
        self.tracker_store = FailSafeTrackerStore(InMemoryTrackerStore(self.domain))


def _turn(tracker, intent, message_id):
    tracker.update(UserUttered("x", {"name": intent, "confidence": 1.0}, message_id=message_id))
    tracker.update(ActionExecuted("utter_greet"))
    tracker.update(BotUttered("Hello"))


def test_the_routed_intent_is_counted_once_as_rasa_saves_the_turn():
    from rasa.shared.core.trackers import DialogueStateTracker

    m, agent = metrics.ChannelMetrics(), _Agent()
    metrics.before_turn(agent, m)
    metrics.before_turn(agent, m)  # wrapped once only
    tracker = DialogueStateTracker("s", [])

    async def conversation():
        await agent.tracker_store.save(tracker)  # no user message yet
        _turn(tracker, "report_emergency", "m1")
        await agent.tracker_store.save(tracker)
        await agent.tracker_store.save(tracker)  # saved again: the same message
        _turn(tracker, "greet", "m2")
        await agent.tracker_store.save(tracker)
        return await agent.tracker_store.retrieve("s")

    stored = asyncio.run(conversation())
    assert len(stored.events) == len(tracker.events)  # Rasa's store still stores
    assert m.value("act_messages_total", route="emergency") == 1
    assert m.value("act_messages_total", route="chitchat") == 1
    assert m.value("act_intent_messages_total", intent="report_emergency") == 1
    assert sum(m.value("act_messages_total", route=r) for r in ROUTES) == 2


def test_rasa_saves_the_conversation_through_the_agents_store():
    from rasa.core.processor import MessageProcessor

    assert "self.tracker_store.save(" in inspect.getsource(MessageProcessor.save_tracker)
    assert "self.save_tracker(tracker)" in inspect.getsource(MessageProcessor.handle_message)


def test_an_agent_without_a_store_is_left_alone():
    m = metrics.ChannelMetrics()
    assert metrics.count_intents_on_save(object(), m) is False


def test_after_turn_counts_the_no_figure_answer():
    m = metrics.ChannelMetrics()
    metrics.after_turn([{"text": metrics.NO_FIGURE_PREFIX + "."}, {"text": "In an emergency call 999."}], m)
    assert m.value("act_no_figure_answers_total") == 1


# --------------------------------------------------------------------------- #
# action server failures: Rasa logs them from MessageProcessor._run_action
# --------------------------------------------------------------------------- #
def test_rasa_still_logs_action_failures_where_the_counter_listens():
    from rasa.core.processor import MessageProcessor

    source = inspect.getsource(MessageProcessor._run_action)
    assert "logger.exception(" in source
    assert MessageProcessor._run_action.__module__ == metrics.ACTION_FAILURE_LOGGER


def test_action_failures_are_counted_as_error_or_timeout():
    m = metrics.ChannelMetrics()
    metrics.count_action_failures(m)
    metrics.count_action_failures(m)  # once only
    log = logging.getLogger(metrics.ACTION_FAILURE_LOGGER)

    def _run_action(exc):  # the name Rasa's method has
        try:
            try:
                raise exc
            except Exception as inner:
                raise RuntimeError("Failed to execute custom action") from inner
        except Exception:
            log.exception("Encountered an exception while running action")

    try:
        _run_action(ConnectionRefusedError("refused"))
        _run_action(asyncio.TimeoutError())
        log.error("unrelated error")
        assert m.value("act_action_server_failures_total", kind="error") == 1
        assert m.value("act_action_server_failures_total", kind="timeout") == 1
    finally:
        for h in [h for h in log.handlers if isinstance(h, metrics.ActionFailureCounter) and h.metrics is m]:
            log.removeHandler(h)


# --------------------------------------------------------------------------- #
# the endpoint
# --------------------------------------------------------------------------- #
def test_metrics_are_served_on_loopback_only_by_default():
    from addons import settings

    assert settings.file_defaults()["METRICS_HOST"] == "127.0.0.1"
    m = fresh()
    port = free_port()
    assert metrics.serve(m.registry, "127.0.0.1", port) == ("127.0.0.1", port)
    try:
        assert metrics.serve(m.registry, "127.0.0.1", port) == ("127.0.0.1", port)  # once per process
        text = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
        assert 'act_messages_total{route="emergency"} 0.0' in text
        outside = _an_address_not_loopback()
        if outside:  # the same port on this machine's other address is closed
            with pytest.raises(OSError):
                socket.create_connection((outside, port), timeout=2).close()
    finally:
        metrics.stop_all()


def _an_address_not_loopback():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))  # no packet is sent: only picks the outgoing address
            address = s.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_a_taken_port_is_logged_and_the_replica_runs_on(caplog):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert metrics.serve(fresh().registry, "127.0.0.1", port) is None
    assert "cannot serve on" in caplog.text
    with pytest.raises(metrics.MetricsConfigError):
        metrics.serve(fresh().registry, "127.0.0.1", 70000)
