"""Hostile and broken input at the HTTP edge: addons.channels.SafeRestInput.

The channel is wired into a Rasa app exactly as `rasa run` does it
(rasa.core.run.configure_app, API off, CORS for one page origin) and served
on a free loopback port; only the agent is a stand-in, so each test can make
the "bot" answer, stay silent, fail or hang. The real bot behind the same
channel is tested in tests/prod/.
"""
import asyncio
import json
import logging
import socket
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Dict, List

import pytest
import requests

from addons.channels import ChannelConfigError, SafeRestInput, clean_text, load_domain_response

FALLBACK_TEXT = "Sorry, I cannot get the figures right now. In an emergency call 999. Report at gov.uk/ACT."
ORIGIN = "http://localhost:8180"
LIMITS = dict(
    max_message_chars=2000,
    max_body_bytes=65536,
    max_sender_chars=128,
    rate_limit_per_minute=30,
    rate_limit_burst=20,
    max_inflight_per_sender=3,
    turn_timeout_s=1.5,
    action_timeout_s=1.0,
)


class FakeAgent:
    """Stands in for rasa.core.agent.Agent: records what reaches Rasa."""

    def __init__(self) -> None:
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def domain_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("domain") / "domain.yml"
    path.write_text(
        "version: '3.1'\nresponses:\n  utter_service_unavailable:\n"
        f"    - text: \"{FALLBACK_TEXT}\"\n  utter_greet:\n    - text: hi\n"
    )
    return path


@pytest.fixture(scope="module")
def edge(domain_file):
    """(base_url, agent, channel): the channel served by a real Sanic server."""
    from sanic import Sanic
    from rasa.core.run import configure_app

    Sanic.test_mode = True  # several apps of the same name in one process
    channel = SafeRestInput.from_credentials({**LIMITS, "domain_path": str(domain_file)})
    app = configure_app([channel], cors=[ORIGIN], enable_api=False)
    agent = FakeAgent()
    app.ctx.agent = agent
    port = _free_port()
    loop = asyncio.new_event_loop()
    started = threading.Event()
    holder: Dict[str, Any] = {}

    def serve() -> None:
        asyncio.set_event_loop(loop)

        async def main() -> None:
            server = await app.create_server(
                host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False
            )
            await server.startup()
            await server.before_start()
            await server.after_start()
            holder["server"] = server
            started.set()

        loop.run_until_complete(main())
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert started.wait(30), "test server did not start"
    yield f"http://127.0.0.1:{port}", agent, channel

    async def stop() -> None:
        server = holder["server"]
        await server.before_stop()
        server.close()
        await server.wait_closed()
        await server.after_stop()

    asyncio.run_coroutine_threadsafe(stop(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


def sender() -> str:
    return f"edge-{uuid.uuid4().hex[:12]}"


def post(base: str, body, **kw) -> requests.Response:
    url = f"{base}/webhooks/rest/webhook"
    if isinstance(body, (bytes, str)):
        return requests.post(url, data=body, timeout=30, **kw)
    return requests.post(url, json=body, timeout=30, **kw)


def assert_served_normally(base: str, agent: FakeAgent) -> None:
    """After any abuse, the next ordinary user gets an ordinary reply."""
    s = sender()
    r = post(base, {"sender": s, "message": "hello"})
    assert r.status_code == 200, r.text
    assert r.json() == [{"recipient_id": s, "text": "echo:hello"}]


def test_normal_message_is_answered_on_the_usual_url(edge):
    base, agent, _ = edge
    assert requests.get(f"{base}/webhooks/rest/", timeout=5).json() == {"status": "ok"}
    assert_served_normally(base, agent)


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
    "huge sender over the body limit": (json.dumps({"sender": "a" * 1_000_000, "message": "hi"}).encode(), 413,
                                        "body_too_large"),
    "sender just over the limit": (json.dumps({"sender": "a" * 129, "message": "hi"}).encode(), 400,
                                   "invalid_sender"),
    "sender with spaces": (json.dumps({"sender": "a b", "message": "hi"}).encode(), 400, "invalid_sender"),
    "sender with control chars": (json.dumps({"sender": "ab\u0000\n", "message": "hi"}).encode(), 400,
                                  "invalid_sender"),
    "sender with a script tag": (json.dumps({"sender": "<script>", "message": "hi"}).encode(), 400,
                                 "invalid_sender"),
    "sender is a phone number": (json.dumps({"sender": "07700900123", "message": "hi"}).encode(), 400,
                                 "invalid_sender"),
    "sender is an e-mail": (json.dumps({"sender": "jo@example.com", "message": "hi"}).encode(), 400,
                            "invalid_sender"),
    "missing message": (json.dumps({"sender": "abc"}).encode(), 400, "missing_message"),
    "numeric message": (json.dumps({"sender": "abc", "message": 42}).encode(), 400, "invalid_message"),
    "list message": (json.dumps({"sender": "abc", "message": ["hi"]}).encode(), 400, "invalid_message"),
    "1 MB message": (json.dumps({"sender": "abc", "message": "a" * 1_000_000}).encode(), 413, "body_too_large"),
    "body one byte over the limit": (
        b'{"sender": "abc", "message": "' + b"a" * (65536 - 30 + 1) + b'"}', 413, "body_too_large"),
}


@pytest.mark.parametrize("name", list(BAD_REQUESTS))
def test_broken_requests_get_a_clear_4xx_and_nothing_reaches_rasa(edge, name):
    base, agent, _ = edge
    body, status, code = BAD_REQUESTS[name]
    before = len(agent.received)
    r = post(base, body, headers={"Content-Type": "application/json"})
    assert r.status_code == status, (name, r.status_code, r.text[:200])
    assert r.json()["error"] == code
    assert r.headers["Content-Type"].startswith("application/json")
    assert len(agent.received) == before, "a rejected request reached the bot"
    assert_served_normally(base, agent)


def test_body_exactly_at_the_limit_is_accepted(edge):
    base, agent, _ = edge
    s = sender()
    head = json.dumps({"sender": s, "message": ""})[:-2].encode()
    body = head + b"a" * (65536 - len(head) - 2) + b'"}'
    assert len(body) == 65536
    r = post(base, body)
    assert r.status_code == 200, r.text[:200]
    assert len(agent.received[-1]["text"]) == 2000


def test_wrong_method_and_unknown_paths_are_4xx(edge):
    base, _, _ = edge
    assert requests.get(f"{base}/webhooks/rest/webhook", timeout=5).status_code == 405
    assert requests.post(f"{base}/webhooks/nope/webhook", json={}, timeout=5).status_code == 404
    assert requests.get(f"{base}/conversations/x/tracker", timeout=5).status_code == 404, "HTTP API must be off"
    assert requests.post(f"{base}/model/parse", json={"text": "hi"}, timeout=5).status_code == 404


def test_ten_thousand_characters_are_cut_not_rejected(edge):
    base, agent, _ = edge
    s = sender()
    r = post(base, {"sender": s, "message": "what is prevent " * 625})
    assert r.status_code == 200
    assert r.json()[0]["text"].startswith("echo:what is prevent")
    assert len(agent.received[-1]["text"]) <= 2000


def test_long_multibyte_message_is_cut_at_characters(edge):
    base, agent, _ = edge
    # as the widget sends it (JSON.stringify: UTF-8, not \u-escaped): 40 kB
    body = json.dumps({"sender": sender(), "message": "😀" * 10000}, ensure_ascii=False).encode()
    r = post(base, body)
    assert r.status_code == 200
    text = agent.received[-1]["text"]
    assert text == "😀" * 2000


def test_control_characters_are_stripped_and_unicode_normalised(edge):
    base, agent, _ = edge
    s = sender()
    msg = "hel\u0000lo\u0007 \u202ethere\u200b\x1b[31m \ud800 ＷＯＲＬＤ\r\n\tok"
    r = post(base, {"sender": s, "message": msg})
    assert r.status_code == 200
    assert agent.received[-1]["text"] == "hello there[31m WORLD ok"


def test_personal_data_is_redacted_before_rasa_sees_it(edge):
    base, agent, _ = edge
    msg = ("my name is Jo Bloggs, 07700 900123, jo@example.com, SW1A 1AA, AB12 CDE, "
           "QQ 12 34 56 C, 4111 1111 1111 1111, 14 Acacia Avenue")
    r = post(base, {"sender": sender(), "message": msg})
    assert r.status_code == 200
    seen = agent.received[-1]["text"]
    for raw in ("Jo Bloggs", "07700", "jo@example", "SW1A", "AB12", "QQ 12", "4111", "Acacia"):
        assert raw not in seen, seen
        assert raw not in r.text, "the reply must not echo raw personal data"


def test_detail_hidden_with_zero_width_or_fullwidth_characters_is_still_redacted(edge):
    base, agent, _ = edge
    post(base, {"sender": sender(), "message": "call 0770\u200b0 900\u2060123 or ０７７００ ９００１２３"})
    seen = agent.received[-1]["text"]
    assert "900" not in seen and seen.count("[phone number]") == 2, seen


def test_client_metadata_and_input_channel_are_not_passed_on(edge):
    base, agent, _ = edge
    post(base, {"sender": sender(), "message": "hi", "metadata": {"email": "jo@example.com"},
                "input_channel": "admin"})
    got = agent.received[-1]
    assert got["metadata"] is None and got["input_channel"] == "rest"


@pytest.mark.parametrize("text", ["<script>alert('x')</script>", "<img src=x onerror=alert(1)>",
                                  "'; DROP TABLE events; --", "{{7*7}} ${7*7}", "/restart", ""])
def test_script_tags_and_injection_strings_get_a_normal_reply(edge, text):
    base, agent, _ = edge
    r = post(base, {"sender": sender(), "message": text})
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/json")
    assert isinstance(r.json(), list) and r.json()


def test_a_turn_with_no_bot_message_gets_the_domain_fallback(edge):
    base, _, _ = edge
    s = sender()
    r = post(base, {"sender": s, "message": "please stay silent"})
    assert r.status_code == 200
    assert r.json() == [{"recipient_id": s, "text": FALLBACK_TEXT}]


def test_an_exception_in_rasa_gets_the_fallback_not_a_5xx(edge):
    base, agent, _ = edge
    s = sender()
    r = post(base, {"sender": s, "message": "raise an error"})
    assert r.status_code == 200
    assert r.json() == [{"recipient_id": s, "text": FALLBACK_TEXT}]
    assert_served_normally(base, agent)


def test_a_turn_cut_short_by_an_error_still_ends_with_the_fallback(edge):
    base, _, _ = edge
    s = sender()
    r = post(base, {"sender": s, "message": "say something then fail"})
    assert r.status_code == 200
    assert r.json() == [{"recipient_id": s, "text": "first part"}, {"recipient_id": s, "text": FALLBACK_TEXT}]


def test_a_hanging_turn_is_answered_within_the_turn_timeout(edge):
    base, agent, _ = edge
    s = sender()
    started = time.monotonic()
    r = post(base, {"sender": s, "message": "hang for a while"})
    took = time.monotonic() - started
    assert r.status_code == 200 and r.json()[-1]["text"] == FALLBACK_TEXT
    assert took < LIMITS["turn_timeout_s"] + 1.0
    assert_served_normally(base, agent)


def test_thousands_of_messages_from_one_sender_are_throttled_and_others_unaffected(edge):
    base, agent, _ = edge
    flooder = sender()
    session = requests.Session()
    codes = []
    started = time.monotonic()
    for i in range(2000):
        r = session.post(f"{base}/webhooks/rest/webhook", json={"sender": flooder, "message": f"spam {i}"},
                         timeout=30)
        codes.append(r.status_code)
        if r.status_code == 429:
            assert int(r.headers["Retry-After"]) >= 1
            assert r.json()["error"] == "rate_limited"
    assert set(codes) <= {200, 429}
    refilled = (time.monotonic() - started) * LIMITS["rate_limit_per_minute"] / 60
    assert codes.count(200) <= LIMITS["rate_limit_burst"] + refilled + 1, "burst not enforced"
    assert codes.count(429) >= 1800
    assert_served_normally(base, agent)


def test_concurrent_flood_from_one_sender_is_limited_by_turns_in_flight(edge):
    base, agent, _ = edge
    flooder = sender()

    def one(i: int) -> int:
        return post(base, {"sender": flooder, "message": f"take a second {i}"}).status_code

    with ThreadPoolExecutor(max_workers=30) as pool:
        codes = list(pool.map(one, range(30)))
    assert set(codes) <= {200, 429}
    assert codes.count(200) <= LIMITS["max_inflight_per_sender"]
    assert_served_normally(base, agent)


def test_many_senders_at_once_are_all_served(edge):
    base, agent, _ = edge

    def one(i: int) -> int:
        return post(base, {"sender": sender(), "message": f"hello {i}"}).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        codes = list(pool.map(one, range(200)))
    assert codes == [200] * 200


def test_cors_allows_only_the_configured_page(edge):
    base, _, _ = edge
    url = f"{base}/webhooks/rest/webhook"
    ok = requests.options(url, headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"}, timeout=5)
    assert ok.headers.get("Access-Control-Allow-Origin") == ORIGIN
    bad = requests.options(url, headers={"Origin": "https://evil.example",
                                         "Access-Control-Request-Method": "POST"}, timeout=5)
    assert "Access-Control-Allow-Origin" not in bad.headers


def test_rejections_log_no_body_content(edge, caplog):
    base, _, _ = edge
    with caplog.at_level(logging.DEBUG):
        post(base, b'{"sender": 5, "message": "07700 900123 jo@example.com"}')
        post(base, {"sender": "jo@example.com", "message": "07700 900123"})
        post(base, {"sender": sender(), "message": "raise an error 07700 900123"})
    logged = "\n".join(r.getMessage() + str(r.exc_info or "") for r in caplog.records)
    assert "07700" not in logged and "jo@example" not in logged


# --------------------------------------------------------------------------- #
# configuration
# --------------------------------------------------------------------------- #
def test_fallback_text_comes_from_the_domain_not_the_code(tmp_path):
    (tmp_path / "domain.yml").write_text(
        "responses:\n  utter_service_unavailable:\n"
        "    - text: for another channel\n      channel: slack\n"
        "    - text: the rest one\n")
    assert load_domain_response("utter_service_unavailable", str(tmp_path / "domain.yml")) == {
        "text": "the rest one"}


def test_a_domain_directory_is_searched(tmp_path):
    (tmp_path / "a.yml").write_text("intents: [greet]\n")
    (tmp_path / "b.yml").write_text("responses:\n  utter_x:\n    - text: from b\n")
    assert load_domain_response("utter_x", str(tmp_path))["text"] == "from b"


def test_missing_fallback_response_stops_start_up(tmp_path):
    (tmp_path / "domain.yml").write_text("responses:\n  utter_greet:\n    - text: hi\n")
    with pytest.raises(ChannelConfigError, match="utter_service_unavailable"):
        SafeRestInput(domain_path=str(tmp_path / "domain.yml"))
    with pytest.raises(ChannelConfigError, match="not found"):
        SafeRestInput(domain_path=str(tmp_path / "nowhere.yml"))


def test_unknown_settings_are_refused(domain_file):
    with pytest.raises(ChannelConfigError, match="max_mesage_chars"):
        SafeRestInput(domain_path=str(domain_file), max_mesage_chars=5)


def test_the_project_domain_has_the_fallback_with_the_signposts():
    root = Path(__file__).resolve().parents[1]
    reply = load_domain_response("utter_service_unavailable", str(root / "domain.yml"))
    assert "999" in reply["text"] and "gov.uk/ACT" in reply["text"]


def test_channel_keeps_the_rest_name_and_caps_the_action_timeout(domain_file):
    import rasa.core.actions.action as rasa_action

    channel = SafeRestInput(domain_path=str(domain_file), action_timeout_s=7)
    assert channel.name() == "rest" and channel.url_prefix() == "rest"
    assert rasa_action.DEFAULT_REQUEST_TIMEOUT == 7


def test_clean_text():
    assert clean_text("  a\u0000b\u200bc\n\n d \ud83d ") == "abc d"
    assert clean_text("ｆｕｌｌ") == "full"
