"""Hostile and broken input at the HTTP edge: addons.channel.SafeRestInput.

The channel is wired into a Rasa app exactly as `rasa run` does it
(rasa.core.run.configure_app, API off, CORS for one page origin) and served
on a free loopback port; only the agent is a stand-in (with a real loaded
Domain), so each test can make the "bot" answer, stay silent, fail or hang.
The real model behind the channel: tests/test_rest_channel.py and tests/prod/.
"""

import asyncio
import contextlib
import json
import logging
import random
import socket
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, Iterator, List

import pytest
import requests
from rasa.shared.core.domain import Domain

from addons import settings
from addons.channel import ChannelConfigError, SafeRestInput, hygiene, limits, server_hooks
from scripts.processes import free_port

FALLBACK_TEXT = "Sorry, I cannot get the figures right now. In an emergency call 999. Report at gov.uk/ACT."
ORIGIN = f"http://localhost:{settings.get_int('TEST_WEB_PORT')}"
MAX_CHARS = settings.get_int("CHANNEL_MAX_CHARS")
MAX_BODY = settings.get_int("MAX_BODY_BYTES")
LIMITS = dict(
    rate_limit_per_minute=30,
    rate_limit_burst=20,
    max_inflight_per_sender=3,
    client_rate_limit_per_minute=120,
    client_rate_limit_burst=60,
    max_inflight_per_client=12,
    turn_timeout_s=1.5,
    action_timeout_s=1.0,
)
DOMAIN_YAML = f"""
version: "3.1"
responses:
  utter_service_unavailable:
    - text: "{FALLBACK_TEXT}"
  utter_ask_danger:
    - text: Is anyone in danger right now?
      buttons:
        - title: "Yes"
          payload: /affirm
        - title: "No"
          payload: /deny
"""


class FakeAgent:
    """Stands in for rasa.core.agent.Agent: a loaded domain; records what reaches Rasa."""

    def __init__(self, domain: Domain) -> None:
        self.domain = domain
        self.received: List[Dict[str, Any]] = []

    async def handle_message(self, message) -> None:
        self.received.append(
            {
                "text": message.text,
                "sender": message.sender_id,
                "metadata": message.metadata,
                "input_channel": message.input_channel,
            }
        )
        text = message.text or ""
        if "stay silent" in text:
            return
        if "raise an error" in text:
            raise ConnectionError("tracker store unreachable (test)")
        if "say something then fail" in text:
            await message.output_channel.send_text_message(message.sender_id, "first part")
            raise RuntimeError("action server failed half way (test)")
        if "hang for a while" in text:
            await asyncio.sleep(4)
            await message.output_channel.send_text_message(message.sender_id, "late")
            return
        if "take a second" in text:
            await asyncio.sleep(1.0)
        await message.output_channel.send_text_message(message.sender_id, f"echo:{text[:50]}")


@contextlib.contextmanager
def serve(channel: SafeRestInput, agent: Any) -> Iterator[Any]:
    """The channel in a Rasa app (as `rasa run` builds it) on a free port; yields (base_url, app)."""
    from rasa.core.run import configure_app
    from sanic import Sanic

    Sanic.test_mode = True  # several apps of the same name in one process
    app = configure_app([channel], cors=[ORIGIN], enable_api=False)
    app.ctx.agent = agent
    port = free_port()
    loop = asyncio.new_event_loop()
    started = threading.Event()
    holder: Dict[str, Any] = {}

    def run() -> None:
        asyncio.set_event_loop(loop)

        async def main() -> None:
            server = await app.create_server(
                host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False
            )
            holder["server"] = server
            await server.startup()
            await server.before_start()
            await server.after_start()

        try:
            loop.run_until_complete(main())
        except BaseException as e:  # noqa: BLE001 - handed to the test
            holder["error"] = e
            started.set()
            return
        started.set()
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert started.wait(30), "test server did not start"
    if "error" in holder:
        raise holder["error"]
    try:
        yield f"http://127.0.0.1:{port}", app
    finally:

        async def stop() -> None:
            server = holder["server"]
            await server.before_stop()
            server.close()
            await server.wait_closed()
            await server.after_stop()

        asyncio.run_coroutine_threadsafe(stop(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.from_yaml(DOMAIN_YAML)


@pytest.fixture(scope="module")
def edge(domain):
    """(base_url, agent, channel, app): the channel served by a real Sanic server."""
    channel = SafeRestInput.from_credentials(LIMITS)
    agent = FakeAgent(domain)
    with serve(channel, agent) as (base, app):
        yield base, agent, channel, app


def sender() -> str:
    return str(uuid.uuid4())


def a_client() -> str:
    """A made-up public client address, as nginx would pass it in X-Forwarded-For."""
    return f"203.0.{random.randint(0, 255)}.{random.randint(1, 254)}"


def post(base: str, body, client: str = None, headers: Dict[str, str] = None, **kw) -> requests.Response:
    url = f"{base}/webhooks/rest/webhook"
    headers = {"Content-Type": "application/json", "X-Forwarded-For": client or a_client(), **(headers or {})}
    if isinstance(body, (bytes, str)):
        return requests.post(url, data=body, headers=headers, timeout=30, **kw)
    return requests.post(url, json=body, headers=headers, timeout=30, **kw)


def assert_served_normally(base: str) -> None:
    """After any abuse, the next ordinary user gets an ordinary reply."""
    s = sender()
    r = post(base, {"sender": s, "message": "hello"})
    assert r.status_code == 200, r.text
    assert r.json() == [{"recipient_id": s, "text": "echo:hello"}]


def test_normal_message_is_answered_on_the_usual_url(edge):
    base, *_ = edge
    assert requests.get(f"{base}/webhooks/rest/", timeout=5).json() == {"status": "ok"}
    assert_served_normally(base)


GOOD = "0f9c1a52-6d3e-4b7a-9c21-5e8f0a1b2c3d"
BAD_REQUESTS = {
    "empty body": (b"", 400, "empty_body"),
    "whitespace body": (b"  \n ", 400, "empty_body"),
    "malformed JSON": (b'{"sender": "a", "message": ', 400, "invalid_json"),
    "not JSON at all": (b"hello there", 400, "invalid_json"),
    "JSON array": (b'["sender", "message"]', 400, "invalid_json"),
    "JSON string": (b'"hello"', 400, "invalid_json"),
    "JSON null": (b"null", 400, "invalid_json"),
    "deeply nested JSON": (b"[" * 30000 + b"]" * 30000, 400, "invalid_json"),
    "invalid UTF-8": (b'{"sender": "abc", "message": "caf\xe9 \xff\xfe"}', 400, "invalid_utf8"),
    "missing sender": (json.dumps({"message": "hi"}).encode(), 400, "missing_sender"),
    "empty sender": (json.dumps({"sender": "", "message": "hi"}).encode(), 400, "missing_sender"),
    "null sender": (json.dumps({"sender": None, "message": "hi"}).encode(), 400, "missing_sender"),
    "numeric sender": (json.dumps({"sender": 12345, "message": "hi"}).encode(), 400, "invalid_sender"),
    "object sender": (json.dumps({"sender": {"id": 1}, "message": "hi"}).encode(), 400, "invalid_sender"),
    "huge sender": (json.dumps({"sender": "a" * 60000, "message": "hi"}).encode(), 400, "invalid_sender"),
    "huge sender over the body limit": (
        json.dumps({"sender": "a" * 1_000_000, "message": "hi"}).encode(),
        413,
        "body_too_large",
    ),
    "sender with spaces": (json.dumps({"sender": "a b", "message": "hi"}).encode(), 400, "invalid_sender"),
    "sender with control chars": (
        json.dumps({"sender": "ab\u0000\n", "message": "hi"}).encode(),
        400,
        "invalid_sender",
    ),
    "sender with a script tag": (
        json.dumps({"sender": "<script>", "message": "hi"}).encode(),
        400,
        "invalid_sender",
    ),
    "sender is a phone number": (
        json.dumps({"sender": "07700900123", "message": "hi"}).encode(),
        400,
        "invalid_sender",
    ),
    "sender is an e-mail": (
        json.dumps({"sender": "jo@example.com", "message": "hi"}).encode(),
        400,
        "invalid_sender",
    ),
    "sender is a name and a phone number": (
        json.dumps({"sender": "jo.bloggs:07912345678", "message": "hi"}).encode(),
        400,
        "invalid_sender",
    ),
    "sender is a short made-up id": (
        json.dumps({"sender": "test-0a1b2c3d4e5f", "message": "hi"}).encode(),
        400,
        "invalid_sender",
    ),
    "sender is a UUID with a tail": (
        json.dumps({"sender": GOOD + ":jo", "message": "hi"}).encode(),
        400,
        "invalid_sender",
    ),
    "missing message": (json.dumps({"sender": GOOD}).encode(), 400, "missing_message"),
    "numeric message": (json.dumps({"sender": GOOD, "message": 42}).encode(), 400, "invalid_message"),
    "list message": (json.dumps({"sender": GOOD, "message": ["hi"]}).encode(), 400, "invalid_message"),
    "1 MB message": (
        json.dumps({"sender": GOOD, "message": "a" * 1_000_000}).encode(),
        413,
        "body_too_large",
    ),
    "body one byte over the limit": (
        b'{"sender": "' + GOOD.encode() + b'", "message": "' + b"a" * (MAX_BODY - 63 + 1) + b'"}',
        413,
        "body_too_large",
    ),
}


@pytest.mark.parametrize("name", list(BAD_REQUESTS))
def test_broken_requests_get_a_clear_4xx_and_nothing_reaches_rasa(edge, name):
    base, agent, *_ = edge
    body, status, code = BAD_REQUESTS[name]
    before = len(agent.received)
    r = post(base, body)
    assert r.status_code == status, (name, r.status_code, r.text[:200])
    assert r.json()["error"] == code
    assert r.headers["Content-Type"].startswith("application/json")
    assert len(agent.received) == before, "a rejected request reached the bot"
    assert_served_normally(base)


def test_a_rejected_sender_is_told_what_an_id_must_look_like(edge):
    base, *_ = edge
    r = post(base, {"sender": "jo.bloggs:07912345678", "message": "hi"})
    assert r.status_code == 400 and "UUID" in r.json()["message"]


@pytest.mark.parametrize("sender_id", [str(uuid.uuid4()), str(uuid.uuid4()).upper(), uuid.uuid4().hex])
def test_the_widgets_id_forms_are_accepted(edge, sender_id):
    # web/src/widget.js: crypto.randomUUID(), else 16 random bytes as 32 hex digits
    base, *_ = edge
    assert post(base, {"sender": sender_id, "message": "hi"}).status_code == 200


@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/jsonx",
    ],
)
def test_only_json_is_accepted_so_no_cross_site_form_can_post(edge, content_type):
    base, agent, *_ = edge
    before = len(agent.received)
    body = json.dumps({"sender": sender(), "message": "hi"})
    headers = {"Content-Type": content_type} if content_type else {}
    r = requests.post(f"{base}/webhooks/rest/webhook", data=body, headers=headers, timeout=10)
    assert r.status_code == 415 and r.json()["error"] == "unsupported_media_type"
    assert len(agent.received) == before
    ok = post(base, body, headers={"Content-Type": "Application/JSON; charset=utf-8"})
    assert ok.status_code == 200


def test_an_origin_other_than_the_cors_page_is_refused(edge):
    base, agent, *_ = edge
    before = len(agent.received)
    for origin in ("https://evil.example", "null", ORIGIN + ".evil.example"):
        r = post(base, {"sender": sender(), "message": "hi"}, headers={"Origin": origin})
        assert r.status_code == 403 and r.json()["error"] == "origin_not_allowed", origin
    assert len(agent.received) == before
    assert post(base, {"sender": sender(), "message": "hi"}, headers={"Origin": ORIGIN}).status_code == 200


def test_body_exactly_at_the_limit_is_accepted(edge):
    base, agent, *_ = edge
    s = sender()
    head = json.dumps({"sender": s, "message": ""})[:-2].encode()
    body = head + b"a" * (MAX_BODY - len(head) - 2) + b'"}'
    assert len(body) == MAX_BODY
    r = post(base, body)
    assert r.status_code == 200, r.text[:200]
    assert len(agent.received[-1]["text"]) == MAX_CHARS


def test_sanic_refuses_a_huge_body_before_reading_it(edge):
    base, _, _, app = edge
    # Sanic's own default is 100 MB; launchers may set SANIC_REQUEST_MAX_SIZE a little above ours
    assert MAX_BODY <= app.config.REQUEST_MAX_SIZE <= MAX_BODY + server_hooks.REQUEST_SIZE_MARGIN_BYTES
    host, port = base.rsplit("/", 1)[1].split(":")
    with socket.create_connection((host, int(port)), timeout=5) as conn:
        # announce 50 MB, send almost nothing: the answer must come without waiting for the rest
        conn.sendall(
            b"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 50000000\r\n\r\n{"
        )
        answer = conn.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b'"body_too_large"' in answer


def test_wrong_method_and_unknown_paths_are_4xx(edge):
    base, *_ = edge
    assert requests.get(f"{base}/webhooks/rest/webhook", timeout=5).status_code == 405
    assert requests.post(f"{base}/webhooks/nope/webhook", json={}, timeout=5).status_code == 404
    assert requests.get(f"{base}/conversations/x/tracker", timeout=5).status_code == 404, (
        "HTTP API must be off"
    )
    assert requests.post(f"{base}/model/parse", json={"text": "hi"}, timeout=5).status_code == 404


def test_ten_thousand_characters_are_cut_not_rejected(edge):
    base, agent, *_ = edge
    r = post(base, {"sender": sender(), "message": "what is prevent " * 625})
    assert r.status_code == 200
    assert r.json()[0]["text"].startswith("echo:what is prevent")
    assert len(agent.received[-1]["text"]) <= MAX_CHARS


def test_long_messages_are_cut_before_redaction(edge, monkeypatch):
    # redaction costs 60-120 ms of CPU on 64 KiB: it must only ever see the cut text
    base, agent, *_ = edge
    seen: List[int] = []
    real = hygiene.redact_counted  # the channel's one redaction call (it also counts for metrics)
    monkeypatch.setattr(hygiene, "redact_counted", lambda text: (seen.append(len(text)), real(text))[1])
    message = "my number is 07700 900123 and I saw something " * 1400  # about 64 KB
    started = time.monotonic()
    r = post(base, {"sender": sender(), "message": message})
    took = time.monotonic() - started
    assert r.status_code == 200 and seen and max(seen) <= MAX_CHARS, seen
    assert "900123" not in agent.received[-1]["text"]
    print(f"64 KB message answered in {took * 1000:.0f} ms")


def test_a_detail_split_by_the_cut_is_not_left_half_kept():
    text = "a" * 1990 + " ring 07912 345 678 now"
    kept = hygiene.cut(text, 2000)
    assert "0791" not in kept and "345" not in kept and len(kept) <= 2000


def test_long_multibyte_message_is_cut_at_characters(edge):
    base, agent, *_ = edge
    # as the widget sends it (JSON.stringify: UTF-8, not \u-escaped): 40 kB
    body = json.dumps({"sender": sender(), "message": "😀" * 10000}, ensure_ascii=False).encode()
    assert post(base, body).status_code == 200
    assert agent.received[-1]["text"] == "😀" * MAX_CHARS


def test_control_characters_are_stripped_and_unicode_normalised(edge):
    base, agent, *_ = edge
    msg = "hel\u0000lo\u0007 \u202ethere\u200b\x1b[31m \ud800 ＷＯＲＬＤ\r\n\tok"
    assert post(base, {"sender": sender(), "message": msg}).status_code == 200
    assert agent.received[-1]["text"] == "hello there[31m WORLD ok"


def test_personal_data_is_redacted_before_rasa_sees_it(edge):
    base, agent, *_ = edge
    msg = (
        "my name is Jo Bloggs, 07700 900123, jo@example.com, SW1A 1AA, AB12 CDE, "
        "QQ 12 34 56 C, 4111 1111 1111 1111, 14 Acacia Avenue"
    )
    r = post(base, {"sender": sender(), "message": msg})
    assert r.status_code == 200
    seen = agent.received[-1]["text"]
    for raw in ("Jo Bloggs", "07700", "jo@example", "SW1A", "AB12", "QQ 12", "4111", "Acacia"):
        assert raw not in seen, seen
        assert raw not in r.text, "the reply must not echo raw personal data"


def test_detail_hidden_with_zero_width_or_fullwidth_characters_is_still_redacted(edge):
    base, agent, *_ = edge
    post(base, {"sender": sender(), "message": "call 0770\u200b0 900\u2060123 or ０７７００ ９００１２３"})
    seen = agent.received[-1]["text"]
    assert "900" not in seen and seen.count("[phone number]") == 2, seen


@pytest.mark.parametrize(
    "message",
    [
        '/greet{"term":"\\u0030\\u0037\\u0039\\u0031\\u0032\\u0033\\u0034\\u0035\\u0036\\u0037\\u0038"}',
        '  //report_concern{"name": "07912 345678"}',
        '／greet{"term":"07912345678"}',  # fullwidth solidus: NFKC makes it "/"
        "/affirm@1.0",
        '/affirm{"term":"07912345678"}',
    ],
)
def test_no_message_reaches_rasa_as_an_intent_command(edge, message):
    base, agent, *_ = edge
    assert post(base, {"sender": sender(), "message": message}).status_code == 200
    text = agent.received[-1]["text"]
    assert not text.strip().startswith("/"), text
    assert "07912" not in text and "\\u0030" not in text, text


def test_the_domains_button_payloads_still_work(edge):
    base, agent, *_ = edge
    for payload in ("/affirm", "/deny"):
        assert post(base, {"sender": sender(), "message": payload}).status_code == 200
        assert agent.received[-1]["text"] == payload


def test_client_metadata_and_input_channel_are_not_passed_on(edge):
    base, agent, *_ = edge
    post(
        base,
        {
            "sender": sender(),
            "message": "hi",
            "metadata": {"email": "jo@example.com"},
            "input_channel": "admin",
        },
    )
    got = agent.received[-1]
    assert got["metadata"] is None and got["input_channel"] == "rest"


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert('x')</script>",
        "<img src=x onerror=alert(1)>",
        "'; DROP TABLE events; --",
        "{{7*7}} ${7*7}",
        "/restart",
        "",
    ],
)
def test_script_tags_and_injection_strings_get_a_normal_reply(edge, text):
    base, *_ = edge
    r = post(base, {"sender": sender(), "message": text})
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/json")
    assert isinstance(r.json(), list) and r.json()


def test_a_turn_with_no_bot_message_gets_the_domain_fallback(edge):
    base, *_ = edge
    s = sender()
    r = post(base, {"sender": s, "message": "please stay silent"})
    assert r.status_code == 200
    assert r.json() == [{"recipient_id": s, "text": FALLBACK_TEXT}]


def test_an_exception_in_rasa_gets_the_fallback_not_a_5xx(edge):
    base, *_ = edge
    s = sender()
    r = post(base, {"sender": s, "message": "raise an error"})
    assert r.status_code == 200
    assert r.json() == [{"recipient_id": s, "text": FALLBACK_TEXT}]
    assert_served_normally(base)


def test_a_turn_cut_short_by_an_error_still_ends_with_the_fallback(edge):
    base, *_ = edge
    s = sender()
    r = post(base, {"sender": s, "message": "say something then fail"})
    assert r.status_code == 200
    assert r.json() == [{"recipient_id": s, "text": "first part"}, {"recipient_id": s, "text": FALLBACK_TEXT}]


def test_a_hanging_turn_is_answered_within_the_turn_timeout(edge):
    base, *_ = edge
    started = time.monotonic()
    r = post(base, {"sender": sender(), "message": "hang for a while"})
    took = time.monotonic() - started
    assert r.status_code == 200 and r.json()[-1]["text"] == FALLBACK_TEXT
    assert took < LIMITS["turn_timeout_s"] + 1.0
    assert_served_normally(base)


def test_thousands_of_messages_from_one_sender_are_throttled_and_others_unaffected(edge):
    base, *_ = edge
    flooder, client = sender(), a_client()
    session = requests.Session()
    codes = []
    started = time.monotonic()
    for i in range(2000):
        # each from a different address: the per-sender limit alone must hold
        r = session.post(
            f"{base}/webhooks/rest/webhook",
            json={"sender": flooder, "message": f"spam {i}"},
            headers={"X-Forwarded-For": a_client() if i % 2 else client},
            timeout=30,
        )
        codes.append(r.status_code)
        if r.status_code == 429:
            assert int(r.headers["Retry-After"]) >= 1
            assert r.json()["error"] == "rate_limited"
    assert set(codes) <= {200, 429}
    refilled = (time.monotonic() - started) * LIMITS["rate_limit_per_minute"] / 60
    assert codes.count(200) <= LIMITS["rate_limit_burst"] + refilled + 1, "burst not enforced"
    assert codes.count(429) >= 1800
    assert_served_normally(base)


def test_rotating_sender_ids_from_one_client_address_are_throttled(edge):
    base, *_ = edge
    client = a_client()
    session = requests.Session()
    started = time.monotonic()
    codes = [
        session.post(
            f"{base}/webhooks/rest/webhook",
            json={"sender": sender(), "message": f"hi {i}"},
            headers={"X-Forwarded-For": f"198.51.100.7, {client}"},
            timeout=30,
        ).status_code
        for i in range(300)
    ]
    refilled = (time.monotonic() - started) * LIMITS["client_rate_limit_per_minute"] / 60
    assert codes.count(200) <= LIMITS["client_rate_limit_burst"] + refilled + 1, codes.count(200)
    assert codes.count(429) >= 200
    assert_served_normally(base)  # another address is not affected


def test_the_client_address_is_taken_from_x_forwarded_for_only_behind_a_trusted_proxy():
    loopback = limits.parse_networks(["127.0.0.0/8", "::1/128"])
    assert limits.client_address("127.0.0.1", "203.0.113.9", loopback) == ("203.0.113.9", False)
    # the client may write its own X-Forwarded-For: nginx appends the address it saw, we take that
    assert limits.client_address("127.0.0.1", "1.2.3.4, 203.0.113.9", loopback) == ("203.0.113.9", False)
    # a peer that is not a trusted proxy cannot pick its address
    assert limits.client_address("198.51.100.1", "203.0.113.9", loopback) == ("198.51.100.1", False)
    assert limits.client_address("198.51.100.1", None, []) == ("198.51.100.1", False)
    # the machine itself (make run, nginx without a header): not limited per address here
    assert limits.client_address("127.0.0.1", None, loopback) == ("127.0.0.1", True)
    assert limits.client_address("127.0.0.1", "garbage, 203.0.113.9", loopback) == ("203.0.113.9", False)


def test_concurrent_flood_from_one_sender_is_limited_by_turns_in_flight(edge):
    base, *_ = edge
    flooder = sender()

    def one(i: int) -> int:
        return post(base, {"sender": flooder, "message": f"take a second {i}"}).status_code

    with ThreadPoolExecutor(max_workers=30) as pool:
        codes = list(pool.map(one, range(30)))
    assert set(codes) <= {200, 429}
    assert codes.count(200) <= LIMITS["max_inflight_per_sender"]
    assert_served_normally(base)


def test_many_senders_at_once_are_all_served(edge):
    base, *_ = edge

    def one(i: int) -> int:
        return post(base, {"sender": sender(), "message": f"hello {i}"}).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        codes = list(pool.map(one, range(200)))
    assert codes == [200] * 200


def test_cors_allows_only_the_configured_page(edge):
    base, *_ = edge
    url = f"{base}/webhooks/rest/webhook"
    ok = requests.options(url, headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"}, timeout=5)
    assert ok.headers.get("Access-Control-Allow-Origin") == ORIGIN
    bad = requests.options(
        url, headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}, timeout=5
    )
    assert "Access-Control-Allow-Origin" not in bad.headers


def test_rejections_log_no_body_content(edge, caplog):
    base, *_ = edge
    with caplog.at_level(logging.DEBUG):
        post(base, b'{"sender": 5, "message": "07700 900123 jo@example.com"}')
        post(base, {"sender": "jo@example.com", "message": "07700 900123"})
        post(base, {"sender": sender(), "message": "raise an error 07700 900123"})
    logged = "\n".join(r.getMessage() + str(r.exc_info or "") for r in caplog.records)
    assert "07700" not in logged and "jo@example" not in logged


# --------------------------------------------------------------------------- #
# configuration and start-up
# --------------------------------------------------------------------------- #
def test_the_fallback_and_payloads_come_from_the_loaded_domain_not_a_file():
    loaded = Domain.from_yaml(
        "responses:\n  utter_service_unavailable:\n"
        "    - text: for another channel\n      channel: slack\n"
        "    - text: the rest one\n"
        "  utter_q:\n    - text: q\n      buttons:\n        - {title: a, payload: /affirm}\n"
    )
    assert hygiene.domain_response(loaded, "utter_service_unavailable") == {"text": "the rest one"}
    assert hygiene.button_payloads(loaded) == {"/affirm"}


def test_a_model_without_the_fallback_response_stops_start_up():
    channel = SafeRestInput(**LIMITS)
    agent = FakeAgent(Domain.from_yaml("responses:\n  utter_greet:\n    - text: hi\n"))
    with pytest.raises(ChannelConfigError, match="utter_service_unavailable"):
        with serve(channel, agent):
            pass


def test_unknown_settings_are_refused():
    with pytest.raises(ChannelConfigError, match="max_mesage_chars"):
        SafeRestInput(max_mesage_chars=5)


def test_the_project_domain_has_the_fallback_with_the_signposts():
    reply = hygiene.domain_response(
        Domain.load(str(settings.ROOT / "domain.yml")), "utter_service_unavailable"
    )
    assert "999" in reply["text"] and "gov.uk/ACT" in reply["text"]
    assert {"/affirm", "/deny"} <= hygiene.button_payloads(Domain.load(str(settings.ROOT / "domain.yml")))


def test_a_rasa_that_no_longer_reads_the_action_timeout_stops_start_up(monkeypatch):
    import rasa.core.actions.action as rasa_action

    monkeypatch.delattr(rasa_action, "DEFAULT_REQUEST_TIMEOUT")
    with pytest.raises(ChannelConfigError, match="DEFAULT_REQUEST_TIMEOUT"):
        SafeRestInput(**LIMITS)


def _slow_action_server(delay_s: float):
    """An HTTP server that answers every POST after ``delay_s`` seconds; (url, shutdown)."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Slow(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            time.sleep(delay_s)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"events": [], "responses": []}')

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}/webhook", httpd.shutdown


def _run_remote_action(url: str) -> float:
    """Seconds until Rasa's own RemoteAction gives up on (or gets) the action server's answer."""
    from rasa.core.actions.action import RemoteAction
    from rasa.core.channels.channel import CollectingOutputChannel
    from rasa.core.nlg import TemplatedNaturalLanguageGenerator
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.utils.endpoints import EndpointConfig

    action = RemoteAction("action_figures", EndpointConfig(url=url))
    started = time.monotonic()
    with contextlib.suppress(Exception):
        asyncio.run(
            action.run(
                CollectingOutputChannel(),
                TemplatedNaturalLanguageGenerator({}),
                DialogueStateTracker("s", []),
                Domain.empty(),
            )
        )
    return time.monotonic() - started


def test_rasa_really_waits_only_action_timeout_s_and_the_value_does_not_leak(domain):
    import rasa.core.actions.action as rasa_action

    original = rasa_action.DEFAULT_REQUEST_TIMEOUT
    url, shutdown = _slow_action_server(6.0)
    try:
        channel = SafeRestInput(**{**LIMITS, "action_timeout_s": 1.0})
        assert rasa_action.DEFAULT_REQUEST_TIMEOUT == original, "constructing a channel must change nothing"
        with serve(channel, FakeAgent(domain)):
            took = _run_remote_action(url)
            assert took < 3.0, f"Rasa waited {took:.1f}s for a 6 s action server, not action_timeout_s=1"
        assert rasa_action.DEFAULT_REQUEST_TIMEOUT == original, "the server's value leaked past its stop"
    finally:
        shutdown()
