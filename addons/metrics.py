"""Operations metrics of a Rasa replica for Prometheus: counts and timings, never what anyone typed.

Every label value comes from a bounded set: routes (``addons.route_labels.ROUTES``), the loaded
domain's intents (else "other"), redaction categories (``addons.redaction.PLACEHOLDERS``),
rejection reasons (``REJECT_REASONS``), turn outcomes (``OUTCOMES``), action failure kinds. No
label or value ever holds message text or a sender id.

The channel (``addons/channel/rest.py``) records; prometheus_client's own HTTP server serves
``/metrics`` on METRICS_HOST:RASA_METRICS_PORT (defaults.env: 127.0.0.1, apart from the public
REST port). Port 0 turns it off. Names (all prefixed ``act_``):

    act_messages_total{route}              user messages, by the route of the final (routed) intent
    act_intent_messages_total{intent}      the same messages by final intent
    act_fallbacks_total                    messages routed to "fallback" (not understood)
    act_no_figure_answers_total            "I don't have that figure" answers
    act_turns_total{outcome}               ok | empty (answered with the fallback) | timeout | error
    act_turn_seconds                       turn latency histogram (channel receives -> reply ready)
    act_rejected_requests_total{reason,status}   4xx/503 answers, by reason
    act_action_server_failures_total{kind} error | timeout of a custom action call
    act_redactions_total{category}         personal details replaced, by category
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from typing import Any, Deque, Dict, FrozenSet, Iterable, List, Mapping, Optional, Set, Tuple

import prometheus_client as prom

from addons.event_privacy import NO_FIGURE_OPENING
from addons.redaction import PLACEHOLDERS
from addons.route_labels import ROUTES, route_of

logger = logging.getLogger(__name__)
prom.disable_created_metrics()  # no *_created series: half the samples, no use to the alerts

# error codes of addons/channel/limits.py (and rest.py) -> the reason operators read
REJECT_REASONS = {
    "body_too_large": "too_large",
    "empty_body": "bad_json",
    "invalid_utf8": "bad_json",
    "invalid_json": "bad_json",
    "missing_message": "bad_json",
    "invalid_message": "bad_json",
    "missing_sender": "bad_sender",
    "invalid_sender": "bad_sender",
    "rate_limited": "rate_limited",
    "origin_not_allowed": "wrong_origin",
    "unsupported_media_type": "wrong_content_type",
    "not_ready": "not_ready",
}
REASONS = tuple(sorted(set(REJECT_REASONS.values()))) + ("other",)
OUTCOMES = ("ok", "empty", "timeout", "error")
FAILURE_KINDS = ("error", "timeout")
OTHER = "other"
# ~30 ms p95 on this machine, turns cut at 15 s (turn_timeout_s): fine steps low, coarse high
LATENCY_BUCKETS = (0.005, 0.01, 0.02, 0.03, 0.04, 0.05, 0.075, 0.1, 0.2, 0.5, 1, 2.5, 5, 10, 15, 20)
# how the "I don't have that figure" answer opens: one definition, shared with the event store
NO_FIGURE_PREFIX = NO_FIGURE_OPENING


class MetricsConfigError(ValueError):
    """The metrics endpoint cannot start with this configuration."""


class ChannelMetrics:
    """The replica's metrics in one registry (tests make their own)."""

    def __init__(self, registry: Optional[prom.CollectorRegistry] = None, process: bool = False) -> None:
        self.registry = registry or prom.CollectorRegistry()
        if process:  # resident memory, CPU, start time of this process
            prom.ProcessCollector(registry=self.registry)
        r, C = {"registry": self.registry}, prom.Counter
        self.messages = C("act_messages", "User messages by route", ["route"], **r)
        self.intents = C("act_intent_messages", "User messages by final intent", ["intent"], **r)
        self.fallbacks = C("act_fallbacks", "Messages routed to fallback", **r)
        self.no_figure = C("act_no_figure_answers", "I don't have that figure answers", **r)
        self.turns = C("act_turns", "Turns by outcome", ["outcome"], **r)
        self.turn_seconds = prom.Histogram("act_turn_seconds", "Turn latency", buckets=LATENCY_BUCKETS, **r)
        self.rejected = C("act_rejected_requests", "Requests refused, by reason", ["reason", "status"], **r)
        self.action_failures = C("act_action_server_failures", "Failed custom action calls", ["kind"], **r)
        self.redactions = C("act_redactions", "Details redacted, by category", ["category"], **r)
        self._intents: FrozenSet[str] = frozenset()
        self._domain_id: Optional[int] = None
        # every series exists from the start at 0, so rates and "no traffic" alerts work
        for route in ROUTES:
            self.messages.labels(route)
        for outcome in OUTCOMES:
            self.turns.labels(outcome)
        for kind in FAILURE_KINDS:
            self.action_failures.labels(kind)
        for category in PLACEHOLDERS:
            self.redactions.labels(category)
        self.intents.labels(OTHER)

    # -- label sets -------------------------------------------------------- #
    def set_intents(self, intents: Iterable[str]) -> None:
        """The loaded domain's intents: the only intent label values besides "other"."""
        self._intents = frozenset(i for i in intents if isinstance(i, str))
        for intent in self._intents:
            self.intents.labels(intent)

    def intent_label(self, intent: Optional[str]) -> str:
        return intent if intent in self._intents else OTHER

    # -- recording --------------------------------------------------------- #
    def record_rejection(self, code: str, status: int) -> None:
        status = int(status) if 400 <= int(status) <= 599 else 0
        self.rejected.labels(REJECT_REASONS.get(code, OTHER), str(status)).inc()

    def record_turn(self, outcome: str, seconds: Optional[float] = None) -> None:
        self.turns.labels(outcome if outcome in OUTCOMES else "error").inc()
        if seconds is not None:
            self.turn_seconds.observe(max(0.0, seconds))

    def record_intent(self, intent: Optional[str]) -> None:
        """One user message whose final (routed) intent is ``intent``."""
        route = route_of(intent)
        self.messages.labels(route if route in ROUTES else OTHER).inc()
        self.intents.labels(self.intent_label(intent)).inc()
        if route == "fallback":
            self.fallbacks.inc()

    def record_bot_messages(self, messages: Iterable[Mapping[str, Any]]) -> None:
        if any(str(m.get("text") or "").startswith(NO_FIGURE_PREFIX) for m in messages):
            self.no_figure.inc()

    def record_redactions(self, counts: Mapping[str, int]) -> None:
        for category, n in counts.items():
            if n > 0:
                self.redactions.labels(category if category in PLACEHOLDERS else OTHER).inc(n)

    def record_action_failure(self, exc: Optional[BaseException]) -> None:
        self.action_failures.labels("timeout" if is_timeout(exc) else "error").inc()

    def value(self, name: str, **labels: str) -> float:
        """A sample's current value (0 if absent): for tests and the command line."""
        found = self.registry.get_sample_value(name, labels)
        return found or 0.0


METRICS = ChannelMetrics(prom.CollectorRegistry(), process=True)


# --------------------------------------------------------------------------- #
# the final intent of each message: the user event Rasa saves (no extra read of the store)
# --------------------------------------------------------------------------- #
class IntentCounter:
    """Counts the routed intent of a saved conversation's latest user message, once per message."""

    def __init__(self, metrics: ChannelMetrics, remember: int = 4096) -> None:
        self.metrics = metrics
        self._order: Deque[str] = deque(maxlen=remember)
        self._seen: Set[str] = set()

    def saw(self, tracker: Any) -> None:
        latest = getattr(tracker, "latest_message", None)
        message_id = getattr(latest, "message_id", None)
        if not message_id or message_id in self._seen:
            return  # no user message yet, or saved again
        if len(self._order) == self._order.maxlen:
            self._seen.discard(self._order[0])
        self._order.append(message_id)
        self._seen.add(message_id)
        self.metrics.record_intent((getattr(latest, "intent", None) or {}).get("name"))


def count_intents_on_save(agent: Any, metrics: ChannelMetrics) -> bool:
    """Wrap the agent's tracker store's public ``save`` (Rasa's processor saves once per turn, with
    the user event's parse data after the router). False if the agent has no store."""
    store = getattr(agent, "tracker_store", None)
    save = getattr(store, "save", None)
    if save is None:
        return False
    if getattr(save, "act_metrics", None) is metrics:
        return True
    counter = IntentCounter(metrics)

    async def counted_save(tracker: Any, *args: Any, **kwargs: Any) -> Any:
        result = await save(tracker, *args, **kwargs)
        try:
            counter.saw(tracker)
        except Exception as exc:  # noqa: BLE001 (a metric must never fail a turn)
            logger.warning("metrics: could not count the intent: %s", type(exc).__name__)
        return result

    counted_save.act_metrics = metrics  # type: ignore[attr-defined]
    store.save = counted_save
    return True


# --------------------------------------------------------------------------- #
# custom action failures: Rasa's processor logs them and carries on (no other signal)
# --------------------------------------------------------------------------- #
ACTION_FAILURE_LOGGER = "rasa.core.processor"
ACTION_FAILURE_FUNCTION = "_run_action"


def is_timeout(exc: Optional[BaseException]) -> bool:
    """Whether ``exc`` or what caused it is a timeout (Rasa wraps aiohttp's errors)."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, (asyncio.TimeoutError, TimeoutError)):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


class ActionFailureCounter(logging.Handler):
    """Counts the exceptions Rasa's processor logs while running an action (then it carries on)."""

    def __init__(self, metrics: ChannelMetrics) -> None:
        super().__init__(level=logging.ERROR)
        self.metrics = metrics

    def emit(self, record: logging.LogRecord) -> None:
        if record.funcName == ACTION_FAILURE_FUNCTION and record.exc_info:
            self.metrics.record_action_failure(record.exc_info[1])


def count_action_failures(metrics: ChannelMetrics) -> None:
    """Attach the counter to Rasa's processor logger once (idempotent)."""
    log = logging.getLogger(ACTION_FAILURE_LOGGER)
    if not any(isinstance(h, ActionFailureCounter) and h.metrics is metrics for h in log.handlers):
        log.addHandler(ActionFailureCounter(metrics))


# --------------------------------------------------------------------------- #
# the /metrics endpoint
# --------------------------------------------------------------------------- #
_SERVED: Dict[Tuple[str, int], Any] = {}


def serve(registry: prom.CollectorRegistry, host: str, port: int) -> Optional[Tuple[str, int]]:
    """Serve ``registry`` on host:port in a daemon thread (once per process); port 0: off."""
    if not port:
        return None
    if not 0 < port < 65536:
        raise MetricsConfigError(f"metrics port must be 1-65535 (or 0 for off), got {port}")
    key = (host, int(port))
    if key in _SERVED:
        return key
    try:
        server, _thread = prom.start_http_server(port, addr=host, registry=registry)
    except OSError as error:  # the replica still answers (signposts first); Prometheus sees it down
        logger.error(
            "metrics: cannot serve on %s:%d (%s); running without metrics. Another server on that "
            "port? Set RASA_METRICS_PORT (0: off) or METRICS_HOST.",
            host,
            port,
            error.strerror or error,
        )
        return None
    if host not in ("127.0.0.1", "::1", "localhost"):
        logger.warning("metrics: served on %s:%d, not only on this machine", host, port)
    _SERVED[key] = server
    logger.info("metrics: http://%s:%d/metrics", host, port)
    return key


def stop_all() -> List[Tuple[str, int]]:
    """Close every endpoint this process serves (tests)."""
    stopped = list(_SERVED)
    for server in _SERVED.values():
        server.shutdown()
        server.server_close()
    _SERVED.clear()
    return stopped


# --------------------------------------------------------------------------- #
# what the channel calls
# --------------------------------------------------------------------------- #
def endpoint(host: Optional[str], port: Optional[int]) -> Tuple[str, int]:
    """Where /metrics is served: the channel's settings, else METRICS_HOST / RASA_METRICS_PORT."""
    from addons import settings

    return str(host or settings.get("METRICS_HOST")), int(
        settings.get_int("RASA_METRICS_PORT") if port is None else port
    )


def start(host: str, port: int, metrics: ChannelMetrics = METRICS) -> None:
    """At the server's start: serve /metrics and count custom action failures."""
    serve(metrics.registry, host, port)
    count_action_failures(metrics)


def before_turn(agent: Any, metrics: ChannelMetrics = METRICS) -> None:
    """Before a turn: the loaded domain's intents as labels, and the store counting intents."""
    domain = getattr(agent, "domain", None)
    if domain is not None and id(domain) != metrics._domain_id:
        metrics.set_intents(getattr(domain, "intents", None) or [])
        metrics._domain_id = id(domain)
    count_intents_on_save(agent, metrics)


def after_turn(bot_messages: List[Dict[str, Any]], metrics: ChannelMetrics = METRICS) -> None:
    """When a turn has finished (also after its reply was cut short): what it said."""
    metrics.record_bot_messages(bot_messages)
