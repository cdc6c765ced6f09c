"""A hardened REST input channel for the public web widget.

``SafeRestInput`` replaces Rasa's ``rest`` channel. It keeps the same name and
URL (``POST /webhooks/rest/webhook``, ``GET /webhooks/rest/``) and the same
request/response JSON, and adds, in this order:

1. limits: body over ``max_body_bytes`` -> 413; body not UTF-8 JSON object,
   ``sender``/``message`` missing or of the wrong type, sender id too long or
   not an opaque id -> 400. Nothing of a rejected body is logged.
2. per-sender flood control: more than ``rate_limit_burst`` messages at once
   or ``rate_limit_per_minute`` sustained, or more than
   ``max_inflight_per_sender`` turns still running -> 429 with Retry-After.
3. cleaning: Unicode NFKC, control/format characters and lone surrogates
   removed, whitespace collapsed.
4. redaction (``addons.redaction.redact``) of the WHOLE text, then the text is
   cut to ``max_message_chars`` (a long message gets a normal reply). An
   empty message is passed on (the bot answers it with its fallback reply).
   Client-supplied ``metadata`` and ``input_channel`` are dropped, so only the
   redacted text ever reaches Rasa (tracker store, logs, NLU, action server).
5. the turn runs with a time limit (``turn_timeout_s``). If it produced no bot
   message (action server down or slow, tracker/lock store unreachable, any
   exception), or was cut short by an exception or the time limit, the reply
   is (or ends with) the domain response ``fallback_response``
   (default ``utter_service_unavailable``), read from the domain file(s) once at
   start-up. Its text is never hard-coded here.

Rasa's ``?stream=true`` option is not offered: such requests get the normal
JSON list (the widget does not stream).

It also caps Rasa's wait for the action server (``action_timeout_s``; Rasa's
built-in wait is 5 minutes and has no setting of its own).

credentials.yml::

    addons.channels.SafeRestInput:
      max_message_chars: 2000
      max_body_bytes: 65536
      max_sender_chars: 128

(all keys optional; see ``SafeRestInput.__init__`` for the rest). Do not also
list ``rest:``: both would claim ``/webhooks/rest/``.
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import time
import unicodedata
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Iterable, List, Optional, Text

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput

from addons.redaction import PLACEHOLDERS, redact

logger = logging.getLogger(__name__)

DEFAULTS: Dict[str, Any] = {
    # keep above the InputGuard's max_chars (config.yml, 1000): a long message
    # is cut to this, still counts as long there, and gets the signposting reply
    "max_message_chars": 2000,
    "max_body_bytes": 64 * 1024,
    "max_sender_chars": 128,
    "rate_limit_per_minute": 30,
    "rate_limit_burst": 20,
    "max_inflight_per_sender": 3,
    "turn_timeout_s": 15.0,
    "action_timeout_s": 10.0,
    "fallback_response": "utter_service_unavailable",
    "domain_path": None,  # default: $ACT_DOMAIN_PATH, else ./domain.yml, else ./domain/
    "metadata_keys": [],  # client metadata keys to keep (values must be short strings)
}

_SENDER_OK = re.compile(r"^[A-Za-z0-9_.:\-]+$")
_PLACEHOLDER_TEXTS = frozenset(PLACEHOLDERS.values())
_WS = re.compile(r"\s+")
_SURROGATES = re.compile("[\ud800-\udfff]")
# texts longer than this are redacted in a worker thread so the event loop
# keeps serving other users
_OFFLOAD_CHARS = 4000


class ChannelConfigError(ValueError):
    """The channel cannot start with this configuration."""


# --------------------------------------------------------------------------- #
# helpers (pure)
# --------------------------------------------------------------------------- #
def clean_text(text: str) -> str:
    """NFKC-normalise, drop control/format characters, collapse whitespace."""
    text = _SURROGATES.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    if not text.isprintable():
        out = []
        for ch in text:
            if ch.isspace():
                out.append(" ")
                continue
            cat = unicodedata.category(ch)
            if cat in ("Cc", "Cf", "Cs", "Co"):
                continue
            out.append(ch)
        text = "".join(out)
    return _WS.sub(" ", text).strip()


def load_domain_response(
    name: str, domain_path: Optional[str] = None
) -> Dict[str, Any]:
    """Return the first usable variation of response ``name`` from the domain.

    ``domain_path`` may be a file or a directory of YAML files (Rasa merges a
    domain directory; so do we, for ``responses`` only).
    """
    from rasa.shared.utils.io import read_yaml_file

    path = Path(
        domain_path
        or os.environ.get("ACT_DOMAIN_PATH")
        or ("domain.yml" if Path("domain.yml").exists() else "domain")
    )
    if path.is_dir():
        files: Iterable[Path] = sorted(
            p for p in path.rglob("*") if p.suffix in (".yml", ".yaml")
        )
    elif path.is_file():
        files = [path]
    else:
        raise ChannelConfigError(
            f"SafeRestInput: domain not found at '{path}' (set domain_path in "
            f"credentials.yml or ACT_DOMAIN_PATH)."
        )
    for f in files:
        content = read_yaml_file(f) or {}
        variations = (content.get("responses") or {}).get(name)
        if not variations:
            continue
        for v in variations:
            if not isinstance(v, dict) or v.get("channel") not in (None, "rest"):
                continue
            if v.get("text") or v.get("custom"):
                keep = ("text", "buttons", "image", "custom")
                return {k: v[k] for k in keep if k in v}
    raise ChannelConfigError(
        f"SafeRestInput: response '{name}' with a text not found in domain "
        f"'{path}'. Add it to the domain (responses: {name}: - text: ...)."
    )


def _error(status: int, code: str, message: str, **headers: str) -> HTTPResponse:
    return response.json(
        {"error": code, "message": message},
        status=status,
        headers={"Cache-Control": "no-store", **headers},
    )


class _Bucket:
    __slots__ = ("tokens", "stamp", "inflight")

    def __init__(self, tokens: float, stamp: float) -> None:
        self.tokens = tokens
        self.stamp = stamp
        self.inflight = 0


class SenderLimiter:
    """Per-sender token bucket plus in-flight counter (this replica only)."""

    def __init__(self, per_minute: float, burst: int, max_inflight: int) -> None:
        self.rate = max(float(per_minute), 0.0) / 60.0
        self.burst = max(int(burst), 1)
        self.max_inflight = max(int(max_inflight), 1)
        self._b: Dict[str, _Bucket] = {}
        self._last_sweep = time.monotonic()

    def _sweep(self, now: float) -> None:
        # forget senders whose bucket is full again and who have nothing running
        if now - self._last_sweep < 30 and len(self._b) < 50_000:
            return
        self._last_sweep = now
        full_after = self.burst / self.rate if self.rate else 3600.0
        for k in [
            k
            for k, b in self._b.items()
            if b.inflight == 0 and now - b.stamp >= full_after
        ]:
            del self._b[k]

    def acquire(self, sender: str) -> Optional[float]:
        """Take a token; returns None if allowed, else seconds to wait."""
        now = time.monotonic()
        self._sweep(now)
        b = self._b.get(sender)
        if b is None:
            b = self._b[sender] = _Bucket(float(self.burst), now)
        else:
            b.tokens = min(self.burst, b.tokens + (now - b.stamp) * self.rate)
            b.stamp = now
        if b.inflight >= self.max_inflight:
            return 1.0
        if b.tokens < 1.0:
            return (1.0 - b.tokens) / self.rate if self.rate else 60.0
        b.tokens -= 1.0
        b.inflight += 1
        return None

    def release(self, sender: str) -> None:
        b = self._b.get(sender)
        if b is not None and b.inflight > 0:
            b.inflight -= 1

    def __len__(self) -> int:
        return len(self._b)


# --------------------------------------------------------------------------- #
# the channel
# --------------------------------------------------------------------------- #
class SafeRestInput(RestInput):
    """REST channel with limits, cleaning, redaction and a polite fallback."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "SafeRestInput":
        return cls(**(credentials or {}))

    def __init__(self, **kwargs: Any) -> None:
        unknown = set(kwargs) - set(DEFAULTS)
        if unknown:
            raise ChannelConfigError(
                f"SafeRestInput: unknown setting(s) {sorted(unknown)}; "
                f"known: {sorted(DEFAULTS)}"
            )
        cfg = {**DEFAULTS, **{k: v for k, v in kwargs.items() if v is not None}}
        self.max_message_chars = int(cfg["max_message_chars"])
        self.max_body_bytes = int(cfg["max_body_bytes"])
        self.max_sender_chars = int(cfg["max_sender_chars"])
        self.turn_timeout_s = float(cfg["turn_timeout_s"])
        self.action_timeout_s = float(cfg["action_timeout_s"])
        self.metadata_keys = list(cfg["metadata_keys"] or [])
        if min(self.max_message_chars, self.max_body_bytes, self.max_sender_chars) < 1:
            raise ChannelConfigError("SafeRestInput: limits must be positive")
        self.limiter = SenderLimiter(
            cfg["rate_limit_per_minute"],
            cfg["rate_limit_burst"],
            cfg["max_inflight_per_sender"],
        )
        self.fallback_response = str(cfg["fallback_response"])
        # read once, at start-up; a missing response stops the server starting
        self.fallback = load_domain_response(self.fallback_response, cfg["domain_path"])
        self._background: "set[asyncio.Task]" = set()
        self._cap_action_timeout()
        logger.info(
            "SafeRestInput: max_message_chars=%d max_body_bytes=%d "
            "max_sender_chars=%d rate=%s/min burst=%s inflight=%s "
            "turn_timeout_s=%.1f action_timeout_s=%.1f fallback=%s",
            self.max_message_chars,
            self.max_body_bytes,
            self.max_sender_chars,
            cfg["rate_limit_per_minute"],
            cfg["rate_limit_burst"],
            cfg["max_inflight_per_sender"],
            self.turn_timeout_s,
            self.action_timeout_s,
            self.fallback_response,
        )

    def _cap_action_timeout(self) -> None:
        """Rasa 3.6 waits up to 5 min for a custom action (constant, no
        setting). Lower it so a slow action server fails fast; the channel
        then answers with the fallback response."""
        if self.action_timeout_s <= 0:
            return
        import rasa.core.actions.action as rasa_action

        rasa_action.DEFAULT_REQUEST_TIMEOUT = self.action_timeout_s  # type: ignore

    # -- request parsing ---------------------------------------------------- #
    def _validate(self, request: Request) -> "tuple[Optional[HTTPResponse], Dict[str, Any]]":
        body: bytes = request.body or b""
        if len(body) > self.max_body_bytes:
            return (
                _error(
                    413,
                    "body_too_large",
                    f"Request body is larger than {self.max_body_bytes} bytes.",
                ),
                {},
            )
        if not body.strip():
            return _error(400, "empty_body", "Request body is empty."), {}
        try:
            payload = json.loads(body.decode("utf-8"))
        except UnicodeDecodeError:
            return _error(400, "invalid_utf8", "Request body is not UTF-8."), {}
        except (ValueError, RecursionError):
            return _error(400, "invalid_json", "Request body is not valid JSON."), {}
        if not isinstance(payload, dict):
            return _error(400, "invalid_json", "Request body must be a JSON object."), {}

        sender = payload.get("sender")
        if sender is None or sender == "":
            return _error(400, "missing_sender", "Field 'sender' is required."), {}
        if not isinstance(sender, str):
            return _error(400, "invalid_sender", "Field 'sender' must be a string."), {}
        if len(sender) > self.max_sender_chars:
            return (
                _error(
                    400,
                    "invalid_sender",
                    f"Field 'sender' is longer than {self.max_sender_chars} characters.",
                ),
                {},
            )
        # an opaque id (the widget sends a random UUID); a sender id that is
        # itself a phone number, card number etc. would become a store key
        if not _SENDER_OK.match(sender) or redact(sender) in _PLACEHOLDER_TEXTS:
            return (
                _error(
                    400,
                    "invalid_sender",
                    "Field 'sender' must be an opaque id (letters, digits, '_.:-'), "
                    "not personal data.",
                ),
                {},
            )

        message = payload.get("message")
        if message is None:
            return _error(400, "missing_message", "Field 'message' is required."), {}
        if not isinstance(message, str):
            return _error(400, "invalid_message", "Field 'message' must be a string."), {}

        metadata = None
        raw_meta = payload.get("metadata")
        if self.metadata_keys and isinstance(raw_meta, dict):
            metadata = {
                k: redact(clean_text(v))[:200]
                for k, v in raw_meta.items()
                if k in self.metadata_keys and isinstance(v, str)
            } or None
        return None, {"sender": sender, "message": message, "metadata": metadata}

    async def _prepare_text(self, message: str) -> str:
        if len(message) > _OFFLOAD_CHARS:
            loop = asyncio.get_running_loop()
            text = await loop.run_in_executor(None, _clean_redact, message)
        else:
            text = _clean_redact(message)
        return text[: self.max_message_chars].rstrip()

    # -- turn ---------------------------------------------------------------- #
    async def _run_turn(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: str,
        sender: str,
        metadata: Optional[Dict[str, Any]],
    ) -> List[Dict[str, Any]]:
        collector = CollectingOutputChannel()
        user_message = UserMessage(
            text, collector, sender, input_channel=self.name(), metadata=metadata
        )
        started = time.monotonic()
        task = asyncio.ensure_future(on_new_message(user_message))
        self._background.add(task)

        def _done(t: "asyncio.Future[Any]") -> None:
            self._background.discard(t)  # type: ignore[arg-type]
            self.limiter.release(sender)
            if not t.cancelled() and t.exception() is not None:
                exc = t.exception()
                logger.error(
                    "SafeRestInput: turn failed for sender %s: %s: %s",
                    sender,
                    type(exc).__name__,
                    exc,
                    exc_info=exc,
                )

        task.add_done_callback(_done)
        outcome = "ok"
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout=self.turn_timeout_s)
        except asyncio.TimeoutError:
            outcome = "timeout"
            logger.error(
                "SafeRestInput: turn for sender %s took longer than %.1fs; "
                "answered with '%s' (the turn goes on in the background).",
                sender,
                self.turn_timeout_s,
                self.fallback_response,
            )
        except asyncio.CancelledError:
            # client went away; the turn goes on (shielded) so the tracker stays whole
            raise
        except Exception:  # logged by _done
            outcome = "error"

        messages = list(collector.messages)
        if outcome != "ok" and self.fallback.get("text") not in [m.get("text") for m in messages]:
            # cut short (error or timeout) after saying something: still say it
            messages.append({"recipient_id": sender, **self.fallback})
        elif not any(_is_visible(m) for m in messages):
            if outcome == "ok":
                logger.warning(
                    "SafeRestInput: turn for sender %s produced no bot message "
                    "(action server down?); answered with '%s'.",
                    sender,
                    self.fallback_response,
                )
            messages.append({"recipient_id": sender, **self.fallback})
        logger.debug(
            "SafeRestInput: sender=%s outcome=%s ms=%.0f",
            sender,
            outcome,
            (time.monotonic() - started) * 1000,
        )
        return messages

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[None]]
    ) -> Blueprint:
        bp = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @bp.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                return await _receive(request)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # never a 5xx for the widget
                logger.exception("SafeRestInput: unexpected error: %s", type(exc).__name__)
                sender = request.ctx.__dict__.get("act_sender", "")
                return response.json(
                    [{"recipient_id": sender, **self.fallback}],
                    headers={"Cache-Control": "no-store"},
                )

        async def _receive(request: Request) -> HTTPResponse:
            err, fields = self._validate(request)
            if err is not None:
                logger.info(
                    "SafeRestInput: rejected request with %d (%s)",
                    err.status,
                    json.loads(err.body)["error"],
                )
                return err
            sender = fields["sender"]
            request.ctx.act_sender = sender
            # flood control first: it is cheap, cleaning/redaction is not
            wait = self.limiter.acquire(sender)
            if wait is not None:
                logger.info("SafeRestInput: sender %s rate-limited", sender)
                return _error(
                    429,
                    "rate_limited",
                    "Too many messages. Please wait a moment and try again.",
                    **{"Retry-After": str(max(1, int(wait + 0.999)))},
                )
            try:
                text = await self._prepare_text(fields["message"])
            except BaseException:
                self.limiter.release(sender)
                raise
            messages = await self._run_turn(
                on_new_message, text, sender, fields["metadata"]
            )
            return response.json(messages, headers={"Cache-Control": "no-store"})

        return bp


def _clean_redact(message: str) -> str:
    return redact(clean_text(message))


def _is_visible(message: Dict[str, Any]) -> bool:
    return any(
        message.get(k)
        for k in ("text", "image", "buttons", "custom", "attachment", "elements")
    )
