"""SafeRestInput: Rasa's REST channel (same name, URL and JSON) made safe for the public widget.

``POST /webhooks/rest/webhook`` with ``{"sender": <uuid>, "message": <text>}`` answers with the
list of bot messages, as Rasa's ``rest`` channel does. In order:

1. request limits (``limits.py``): JSON only (415), an allowed Origin when one is sent (403),
   body size (413, also enforced by Sanic before buffering), opaque sender id (400), flood
   control per sender and per client address (429). Nothing of a rejected body is logged.
2. text hygiene (``hygiene.py``): cut to ``max_message_chars`` first, then redaction, and no
   ``/intent{json}`` commands except the loaded domain's button payloads.
3. the turn runs with a time limit; a turn that says nothing, fails or overruns is answered
   with the loaded domain's ``fallback_response`` (which carries 999 and gov.uk/ACT).

credentials.yml (every key optional; limits default to defaults.env)::

    addons.channel.SafeRestInput:
      turn_timeout_s: 15
      action_timeout_s: 10
      metrics_port: 9105       # /metrics (addons/metrics.py); also metrics_host; default defaults.env
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.exceptions import PayloadTooLarge
from sanic.request import Request
from sanic.response import HTTPResponse

from addons import metrics, settings
from addons.channel import hygiene, limits, server_hooks
from addons.channel.server_hooks import ChannelConfigError

logger = logging.getLogger(__name__)


def _defaults() -> Dict[str, Any]:
    return {
        "max_message_chars": settings.get_int("CHANNEL_MAX_CHARS"),
        "max_body_bytes": settings.get_int("MAX_BODY_BYTES"),
        "rate_limit_per_minute": 30,  # per sender id, on each replica
        "rate_limit_burst": 20,
        "max_inflight_per_sender": 3,
        # per client address: several people can share one (an office, a mobile network)
        "client_rate_limit_per_minute": 120,
        "client_rate_limit_burst": 60,
        "max_inflight_per_client": 12,
        # X-Forwarded-For is believed only from these peers (nginx runs on the same machine)
        "trusted_proxies": ["127.0.0.0/8", "::1/128"],
        "allowed_origins": None,  # None: the origins Rasa was started with (--cors)
        "turn_timeout_s": 15.0,
        "action_timeout_s": 10.0,
        "fallback_response": "utter_service_unavailable",
        "metrics_host": None,  # None: METRICS_HOST / RASA_METRICS_PORT (defaults.env)
        "metrics_port": None,
    }


class SafeRestInput(InputChannel):
    """REST channel with request limits, text hygiene and a reply that always carries signposts."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "SafeRestInput":
        return cls(**(credentials or {}))

    def __init__(self, **kwargs: Any) -> None:
        defaults = _defaults()
        unknown = set(kwargs) - set(defaults)
        if unknown:
            raise ChannelConfigError(
                f"SafeRestInput: unknown setting(s) {sorted(unknown)}; known: {sorted(defaults)}"
            )
        cfg = {**defaults, **{k: v for k, v in kwargs.items() if v is not None}}
        self.max_message_chars = int(cfg["max_message_chars"])
        self.max_body_bytes = int(cfg["max_body_bytes"])
        if min(self.max_message_chars, self.max_body_bytes) < 1:
            raise ChannelConfigError("SafeRestInput: limits must be positive")
        self.turn_timeout_s = float(cfg["turn_timeout_s"])
        self.action_timeout_s = float(cfg["action_timeout_s"])
        self.flood = limits.FloodControl(
            limits.Limiter(
                cfg["rate_limit_per_minute"], cfg["rate_limit_burst"], cfg["max_inflight_per_sender"]
            ),
            limits.Limiter(
                cfg["client_rate_limit_per_minute"],
                cfg["client_rate_limit_burst"],
                cfg["max_inflight_per_client"],
            ),
        )
        try:
            self.trusted_proxies = limits.parse_networks(cfg["trusted_proxies"] or [])
        except ValueError as e:
            raise ChannelConfigError(f"SafeRestInput: trusted_proxies: {e}") from None
        self.allowed_origins = None if cfg["allowed_origins"] is None else list(cfg["allowed_origins"])
        self.domain = hygiene.DomainCache(str(cfg["fallback_response"]))
        self.metrics_endpoint = metrics.endpoint(cfg["metrics_host"], cfg["metrics_port"])
        if self.action_timeout_s > 0:
            server_hooks.check_action_timeout_hook()  # fail now, not at the first slow action
        self._background: "set[asyncio.Task]" = set()
        logger.info(
            "SafeRestInput: max_message_chars=%d max_body_bytes=%d turn_timeout_s=%.1f action_timeout_s=%.1f",
            self.max_message_chars,
            self.max_body_bytes,
            self.turn_timeout_s,
            self.action_timeout_s,
        )

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        """Rasa's hook for client metadata: none is passed on (it would bypass redaction)."""
        return None

    # -- start-up ------------------------------------------------------------ #
    def _before_start(self, app: Any) -> None:
        server_hooks.cap_request_size(app, self.max_body_bytes)
        metrics.start(*self.metrics_endpoint)
        if self.allowed_origins is None and server_hooks.cors_origins(app, "/") is None:
            raise ChannelConfigError(
                "SafeRestInput: cannot read the --cors origins from Sanic-CORS; set allowed_origins "
                "in credentials.yml."
            )

    def _after_start(self, app: Any) -> None:
        agent = getattr(app.ctx, "agent", None)
        if getattr(agent, "domain", None) is None:
            logger.warning("SafeRestInput: no model loaded yet; requests get 503 until one is.")
            return
        try:
            self.domain.update(agent.domain)
        except hygiene.DomainResponseError as e:
            logger.critical(str(e))
            app.stop()  # loudly: every failed turn would otherwise have no reply
            raise ChannelConfigError(str(e)) from None

    def _allowed_origins(self, request: Request) -> List[Any]:
        if self.allowed_origins is not None:
            return self.allowed_origins
        return server_hooks.cors_origins(request.app, request.path) or []

    # -- turn ---------------------------------------------------------------- #
    async def _run_turn(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: str,
        sender: str,
        release: Callable[[], None],
        agent: Any = None,
    ) -> List[Dict[str, Any]]:
        metrics.before_turn(agent)
        collector = CollectingOutputChannel()
        user_message = UserMessage(text, collector, sender, input_channel=self.name(), metadata=None)
        started = time.monotonic()
        task = asyncio.ensure_future(on_new_message(user_message))
        self._background.add(task)

        def _done(t: "asyncio.Future[Any]") -> None:
            self._background.discard(t)  # type: ignore[arg-type]
            release()
            if not t.cancelled() and t.exception() is not None:
                exc = t.exception()
                logger.error(
                    "SafeRestInput: turn failed for sender %s: %s: %s",
                    sender,
                    type(exc).__name__,
                    exc,
                    exc_info=exc,
                )
            else:  # counted once the turn is over, also when its reply was cut short
                metrics.after_turn(collector.messages)

        task.add_done_callback(_done)
        outcome = "ok"
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout=self.turn_timeout_s)
        except asyncio.TimeoutError:
            outcome = "timeout"
            logger.error(
                "SafeRestInput: turn for sender %s took longer than %.1fs; answered with '%s'.",
                sender,
                self.turn_timeout_s,
                self.domain.fallback_name,
            )
        except asyncio.CancelledError:
            raise  # client went away; the turn goes on (shielded) so the tracker stays whole
        except Exception:  # logged by _done
            outcome = "error"

        fallback = self.domain.fallback
        messages = list(collector.messages)
        if outcome != "ok" and fallback.get("text") not in [m.get("text") for m in messages]:
            messages.append({"recipient_id": sender, **fallback})  # cut short: still signpost
        elif not any(_is_visible(m) for m in messages):
            if outcome == "ok":
                logger.warning(
                    "SafeRestInput: turn for sender %s produced no bot message; answered with '%s'.",
                    sender,
                    self.domain.fallback_name,
                )
            messages.append({"recipient_id": sender, **fallback})
            outcome = "empty" if outcome == "ok" else outcome
        metrics.METRICS.record_turn(outcome, time.monotonic() - started)
        logger.debug(
            "SafeRestInput: sender=%s outcome=%s ms=%.0f",
            sender,
            outcome,
            (time.monotonic() - started) * 1000,
        )
        return messages

    async def _receive(
        self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> HTTPResponse:
        limits.check_content_type(request.headers.get("content-type"))
        origin = request.headers.get("origin")
        if origin is not None and not server_hooks.origin_allowed(origin, self._allowed_origins(request)):
            raise limits.RequestRejected(403, "origin_not_allowed", "This page may not use the chat service.")
        fields = limits.parse_body(request.body or b"", self.max_body_bytes)
        sender = fields["sender"]
        request.ctx.act_sender = sender
        agent = getattr(request.app.ctx, "agent", None)
        if not self.domain.update(getattr(agent, "domain", None)):
            raise limits.RequestRejected(
                503, "not_ready", "The assistant is starting. Try again in a moment."
            )
        client, is_proxy = limits.client_address(
            request.ip, request.headers.get("x-forwarded-for"), self.trusted_proxies
        )
        client_key = None if is_proxy else client  # the machine itself: nginx limits in front of it
        wait = self.flood.acquire(sender, client_key)
        if wait is not None:
            logger.info("SafeRestInput: sender %s rate-limited", sender)
            raise limits.too_many(wait)
        redacted: Counter = Counter()  # categories replaced, for metrics
        try:
            text = hygiene.prepare_text(
                fields["message"], self.max_message_chars, self.domain.payloads, redacted
            )
        except BaseException:
            self.flood.release(sender, client_key)
            raise
        metrics.METRICS.record_redactions(redacted)
        messages = await self._run_turn(
            on_new_message, text, sender, lambda: self.flood.release(sender, client_key), agent
        )
        return response.json(messages, headers={"Cache-Control": "no-store"})

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        bp = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)
        restore_action_timeout: List[Callable[[], None]] = []

        @bp.listener("before_server_start")
        async def before_start(app: Any, _loop: Any) -> None:
            self._before_start(app)
            if self.action_timeout_s > 0:
                restore_action_timeout.append(server_hooks.cap_action_timeout(self.action_timeout_s))

        @bp.listener("after_server_start")
        async def after_start(app: Any, _loop: Any) -> None:
            self._after_start(app)

        @bp.listener("after_server_stop")
        async def after_stop(app: Any, _loop: Any) -> None:
            while restore_action_timeout:
                restore_action_timeout.pop()()

        @bp.exception(PayloadTooLarge)
        async def too_large(request: Request, exc: Exception) -> HTTPResponse:
            metrics.METRICS.record_rejection("body_too_large", 413)
            return limits.error_response(
                413, "body_too_large", f"Request body is larger than {self.max_body_bytes} bytes."
            )

        @bp.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                return await self._receive(request, on_new_message)
            except limits.RequestRejected as rejected:
                logger.info("SafeRestInput: rejected request with %d (%s)", rejected.status, rejected.code)
                metrics.METRICS.record_rejection(rejected.code, rejected.status)
                return rejected.response()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # never a 5xx for the widget
                logger.exception("SafeRestInput: unexpected error: %s", type(exc).__name__)
                metrics.METRICS.record_turn("error")
                sender = request.ctx.__dict__.get("act_sender", "")
                return response.json(
                    [{"recipient_id": sender, **self.domain.fallback}], headers={"Cache-Control": "no-store"}
                )

        return bp


def _is_visible(message: Dict[str, Any]) -> bool:
    return any(message.get(k) for k in ("text", "image", "buttons", "custom", "attachment", "elements"))
