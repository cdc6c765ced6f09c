"""The REST channel end to end, with both servers running, and messages nobody planned for."""
import requests

from tests.conftest import WEB_ORIGIN  # the page origin the test servers allow (TEST_WEB_ORIGIN)


def test_rest_channel_returns_bot_messages_for_the_sender(live_bot):
    response = requests.post(live_bot.webhook, json={"sender": "rest-check", "message": "hello"}, timeout=30)
    assert response.status_code == 200
    messages = response.json()
    assert messages and all(m["recipient_id"] == "rest-check" for m in messages)


def test_figures_travel_through_the_action_server(live_bot):
    assert requests.get(f"{live_bot.actions_url}/health", timeout=5).json() == {"status": "ok"}
    reply = live_bot.ask("how many plots have been disrupted")
    assert "43 late-stage terror plots" in reply and "since March 2017" in reply


def test_cors_allows_the_widget_page_only(live_bot):
    allowed = requests.options(live_bot.webhook, headers={"Origin": WEB_ORIGIN,
                                                          "Access-Control-Request-Method": "POST"}, timeout=5)
    assert allowed.headers.get("Access-Control-Allow-Origin") == WEB_ORIGIN
    other = requests.options(live_bot.webhook, headers={"Origin": "https://evil.example",
                                                        "Access-Control-Request-Method": "POST"}, timeout=5)
    assert "Access-Control-Allow-Origin" not in other.headers


BAD_INPUT = {
    "empty": "",
    "whitespace only": "   \n\t  ",
    "very long": "what is prevent " * 625,  # 10,000 characters
    "emoji only": "🤔🤔🙈💥",
    "not English": "¿Dónde puedo denunciar algo sospechoso?",
    "script tag": "<script>alert('x')</script>",
    "markdown and payload syntax": "/restart {\"x\": 1} [link](http://a.b)",
}


def test_bad_input_gets_a_polite_reply_with_the_signposts(live_bot):
    for name, text in BAD_INPUT.items():
        reply = live_bot.ask(text)
        assert "999" in reply and "gov.uk/ACT" in reply, f"{name}: {reply!r}"
    assert "Prevent" in live_bot.ask("what is prevent"), "the server still answers normally afterwards"
