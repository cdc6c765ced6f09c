"""The REST channel end to end, with both servers running, and messages nobody planned for."""

import asyncio
import json

import pytest
import requests

from tests.conftest import MODEL, WEB_ORIGIN, new_sender

PHONE = "07912345678"
ESCAPED_PHONE = "".join(f"\\u{ord(c):04x}" for c in PHONE)  # \u0030\u0037...: no digit in the text
SUSPICION = "a man keeps filming the security gates at the power station"


def test_rest_channel_returns_bot_messages_for_the_sender(live_bot):
    sender = new_sender()
    response = requests.post(live_bot.webhook, json={"sender": sender, "message": "hello"}, timeout=30)
    assert response.status_code == 200
    messages = response.json()
    assert messages and all(m["recipient_id"] == sender for m in messages)


def test_figures_travel_through_the_action_server(live_bot):
    assert requests.get(f"{live_bot.actions_url}/health", timeout=5).json() == {"status": "ok"}
    reply = live_bot.ask("how many plots have been disrupted")
    assert "43 late-stage terror plots" in reply and "since March 2017" in reply


def test_cors_allows_the_widget_page_only(live_bot):
    allowed = requests.options(
        live_bot.webhook, headers={"Origin": WEB_ORIGIN, "Access-Control-Request-Method": "POST"}, timeout=5
    )
    assert allowed.headers.get("Access-Control-Allow-Origin") == WEB_ORIGIN
    other = requests.options(
        live_bot.webhook,
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
        timeout=5,
    )
    assert "Access-Control-Allow-Origin" not in other.headers
    # a simple (no preflight) cross-site post is refused outright, not only unreadable
    evil = requests.post(
        live_bot.webhook,
        json={"sender": new_sender(), "message": "hi"},
        headers={"Origin": "https://evil.example"},
        timeout=10,
    )
    assert evil.status_code == 403


BAD_INPUT = {
    "empty": "",
    "whitespace only": "   \n\t  ",
    "very long": "what is prevent " * 625,  # 10,000 characters
    "emoji only": "🤔🤔🙈💥",
    "not English": "¿Dónde puedo denunciar algo sospechoso?",
    "script tag": "<script>alert('x')</script>",
    "markdown and payload syntax": '/restart {"x": 1} [link](http://a.b)',
}


def test_bad_input_gets_a_polite_reply_with_the_signposts(live_bot):
    for name, text in BAD_INPUT.items():
        reply = live_bot.ask(text)
        assert "999" in reply and "gov.uk/ACT" in reply, f"{name}: {reply!r}"
    assert "Prevent" in live_bot.ask("what is prevent"), "the server still answers normally afterwards"


@pytest.fixture(scope="module")
def real_edge():
    """The real trained model in this process behind the channel, so its tracker store can be read."""
    from rasa.core.agent import load_agent

    from addons.channel import SafeRestInput
    from tests.test_http_edge import serve

    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train`")
    agent = asyncio.run(load_agent(model_path=str(MODEL)))
    if not agent.is_ready():
        pytest.fail(f"{MODEL} did not load (see the log above): retrain with `make train`")
    with serve(SafeRestInput(turn_timeout_s=30), agent) as (base, _app):
        yield f"{base}/webhooks/rest/webhook", agent


def _stored(agent, sender: str) -> str:
    tracker = asyncio.run(agent.tracker_store.retrieve_full_tracker(sender))
    return json.dumps(tracker.current_state(), ensure_ascii=False)


@pytest.mark.parametrize(
    "message",
    [
        f'/greet{{"term":"{ESCAPED_PHONE}"}}',
        f'/report_concern{{"term":"{PHONE}"}}',
        f'  //greet@1.0{{"term":"{ESCAPED_PHONE}"}}',
    ],
)
def test_intent_commands_cannot_carry_a_phone_number_into_the_stored_conversation(real_edge, message):
    url, agent = real_edge
    sender = new_sender()
    r = requests.post(url, json={"sender": sender, "message": message}, timeout=60)
    assert r.status_code == 200, r.text
    stored = _stored(agent, sender)
    assert PHONE not in stored and ESCAPED_PHONE not in stored, stored[:2000]
    assert "[phone number]" in stored or '"term"' not in stored, "the text was redacted, not dropped"


def test_the_yes_button_payload_still_works(real_edge):
    url, _ = real_edge
    sender = new_sender()
    first = requests.post(url, json={"sender": sender, "message": SUSPICION}, timeout=60).json()
    assert "/affirm" in json.dumps(first), first  # the Yes/No question with its buttons
    yes = requests.post(url, json={"sender": sender, "message": "/affirm"}, timeout=60).json()
    assert "Call 999 now." in "\n".join(m.get("text", "") for m in yes), yes
