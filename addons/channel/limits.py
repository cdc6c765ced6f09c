"""Request limits for the REST channel: what a request must look like, and how often it may come.

Pure functions and small classes, no Rasa: checked in this order by ``SafeRestInput``:
content type (415), origin (403), body (413/400), sender id (400), then flood control (429)
keyed on the sender id AND on the client address (the sender id is the client's choice).
"""

from __future__ import annotations

import ipaddress
import json
import re
import time
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from sanic import response
from sanic.response import HTTPResponse

# the widget's ids: crypto.randomUUID(), or 32 hex digits where randomUUID is missing
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
_HEX32 = re.compile(r"^[0-9a-f]{32}$", re.IGNORECASE)
SENDER_RULE = (
    "Field 'sender' must be an opaque random id: a UUID (8-4-4-4-12 hex digits) or 32 hex "
    "digits, as the chat widget makes. Never a name, phone number or e-mail."
)

Network = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]


class RequestRejected(Exception):
    """A request the channel answers with a 4xx; ``code`` names the reason, nothing of the body."""

    def __init__(self, status: int, code: str, message: str, **headers: str) -> None:
        super().__init__(code)
        self.status, self.code, self.message, self.headers = status, code, message, headers

    def response(self) -> HTTPResponse:
        return error_response(self.status, self.code, self.message, **self.headers)


def error_response(status: int, code: str, message: str, **headers: str) -> HTTPResponse:
    return response.json(
        {"error": code, "message": message}, status=status, headers={"Cache-Control": "no-store", **headers}
    )


def is_opaque_sender(sender: str) -> bool:
    return bool(_UUID.match(sender) or _HEX32.match(sender))


def check_content_type(content_type: Optional[str]) -> None:
    """Only JSON: a form or text/plain post from another site needs no preflight, JSON does."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type != "application/json":
        raise RequestRejected(
            415, "unsupported_media_type", "Send the request as Content-Type: application/json."
        )


def parse_body(body: bytes, max_body_bytes: int) -> Dict[str, Any]:
    """The JSON object of a request: ``sender`` (opaque id) and ``message`` (a string)."""
    if len(body) > max_body_bytes:
        raise RequestRejected(413, "body_too_large", f"Request body is larger than {max_body_bytes} bytes.")
    if not body.strip():
        raise RequestRejected(400, "empty_body", "Request body is empty.")
    try:
        payload = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise RequestRejected(400, "invalid_utf8", "Request body is not UTF-8.") from None
    except (ValueError, RecursionError):
        raise RequestRejected(400, "invalid_json", "Request body is not valid JSON.") from None
    if not isinstance(payload, dict):
        raise RequestRejected(400, "invalid_json", "Request body must be a JSON object.")

    sender = payload.get("sender")
    if sender is None or sender == "":
        raise RequestRejected(400, "missing_sender", "Field 'sender' is required.")
    if not isinstance(sender, str) or not is_opaque_sender(sender):
        raise RequestRejected(400, "invalid_sender", SENDER_RULE)
    message = payload.get("message")
    if message is None:
        raise RequestRejected(400, "missing_message", "Field 'message' is required.")
    if not isinstance(message, str):
        raise RequestRejected(400, "invalid_message", "Field 'message' must be a string.")
    return {"sender": sender, "message": message}


# --------------------------------------------------------------------------- #
# client address
# --------------------------------------------------------------------------- #
def parse_networks(values: Iterable[str]) -> List[Network]:
    return [ipaddress.ip_network(v.strip(), strict=False) for v in values if str(v).strip()]


def _address(value: str) -> Optional[ipaddress._BaseAddress]:
    try:
        return ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None


def client_address(peer: str, forwarded_for: Optional[str], trusted: Sequence[Network]) -> Tuple[str, bool]:
    """(client address, whether it is one of the trusted proxies itself).

    ``X-Forwarded-For`` is read only when the direct peer is a trusted proxy, from the right:
    the first address that is not a trusted proxy is the one nginx saw.
    """
    peer_ip = _address(peer or "")
    if peer_ip is None:
        return peer or "unknown", False
    if not any(peer_ip in net for net in trusted):
        return str(peer_ip), False
    hops = [h for h in (forwarded_for or "").split(",") if h.strip()]
    for hop in reversed(hops):
        ip = _address(hop)
        if ip is None:
            break  # garbage written by the client: trust nothing to its left
        if not any(ip in net for net in trusted):
            return str(ip), False
    return str(peer_ip), True


# --------------------------------------------------------------------------- #
# flood control
# --------------------------------------------------------------------------- #
class _Bucket:
    __slots__ = ("tokens", "stamp", "inflight")

    def __init__(self, tokens: float, stamp: float) -> None:
        self.tokens = tokens
        self.stamp = stamp
        self.inflight = 0


class Limiter:
    """Token bucket plus in-flight counter per key (this replica only)."""

    def __init__(self, per_minute: float, burst: int, max_inflight: int) -> None:
        self.rate = max(float(per_minute), 0.0) / 60.0
        self.burst = max(int(burst), 1)
        self.max_inflight = max(int(max_inflight), 1)
        self._b: Dict[str, _Bucket] = {}
        self._last_sweep = time.monotonic()

    def _sweep(self, now: float) -> None:
        # forget keys whose bucket is full again and who have nothing running
        if now - self._last_sweep < 30 and len(self._b) < 50_000:
            return
        self._last_sweep = now
        full_after = self.burst / self.rate if self.rate else 3600.0
        for k in [k for k, b in self._b.items() if b.inflight == 0 and now - b.stamp >= full_after]:
            del self._b[k]

    def acquire(self, key: str) -> Optional[float]:
        """Take a token; None if allowed, else seconds to wait."""
        now = time.monotonic()
        self._sweep(now)
        b = self._b.get(key)
        if b is None:
            b = self._b[key] = _Bucket(float(self.burst), now)
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

    def release(self, key: str) -> None:
        b = self._b.get(key)
        if b is not None and b.inflight > 0:
            b.inflight -= 1

    def refund(self, key: str) -> None:
        """Undo an ``acquire`` whose request was refused by another limit."""
        b = self._b.get(key)
        if b is not None:
            self.release(key)
            b.tokens = min(self.burst, b.tokens + 1.0)

    def __len__(self) -> int:
        return len(self._b)


class FloodControl:
    """Per-sender and per-client-address limits; both must allow a turn."""

    def __init__(self, sender: Limiter, client: Limiter) -> None:
        self.sender, self.client = sender, client

    def acquire(self, sender: str, client: Optional[str]) -> Optional[float]:
        if client is not None:
            wait = self.client.acquire(client)
            if wait is not None:
                return wait
        wait = self.sender.acquire(sender)
        if wait is not None and client is not None:
            self.client.refund(client)
        return wait

    def release(self, sender: str, client: Optional[str]) -> None:
        self.sender.release(sender)
        if client is not None:
            self.client.release(client)


def too_many(wait: float) -> RequestRejected:
    return RequestRejected(
        429,
        "rate_limited",
        "Too many messages. Please wait a moment and try again.",
        **{"Retry-After": str(max(1, int(wait + 0.999)))},
    )
