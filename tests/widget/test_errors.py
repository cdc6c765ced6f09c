"""Test 6: when Rasa cannot be reached or fails, the widget says so, still shows the
signposts, and "Try again" resends the message once the server is back.
"""

from __future__ import annotations

from .widget_support import free_port


def _assert_error_state(page, chat) -> None:
    alert = chat.alert
    alert.get_by_role("button", name="Try again").wait_for()
    assert alert.get_attribute("role") == "alert"
    text = alert.inner_text()
    assert "cannot be reached" in text and "not sent" in text
    assert "999" in text and "gov.uk/ACT" in text and "0800 789 321" in text
    assert alert.locator("a[href='tel:999']").count() == 1
    assert alert.locator("a[href='https://www.gov.uk/ACT']").count() == 1
    assert alert.locator("a[href='tel:0800789321']").count() == 1
    assert chat.signpost.is_visible(), "the signpost line stays visible"
    assert chat.panel.get_attribute("aria-busy") == "false"
    assert "typing" not in page.locator("#actw-status").inner_text()


def test_server_down_then_retry_when_back(open_page, chat_on, fake_rasa_factory):
    port = free_port()
    fake = fake_rasa_factory(start=False, port=port)  # nothing listens on the port yet
    opened = open_page(f"http://localhost:{port}")
    page = opened.page
    chat = chat_on(page)
    chat.open()
    chat.input.fill("what is Prevent")
    chat.send_button.click()
    _assert_error_state(page, chat)
    assert chat.user.count() == 1 and chat.bot.count() == 0
    assert chat.active_id() == "actw-input", "focus stays in the input when sending fails"

    # Still down: trying again shows the error again, without repeating the message.
    chat.alert.get_by_role("button", name="Try again").click()
    _assert_error_state(page, chat)
    assert chat.user.count() == 1

    fake.start()
    chat.alert.get_by_role("button", name="Try again").click()
    assert "prevent" in chat.wait_bot_after(0).lower()
    assert chat.alert.inner_text().strip() == ""
    assert chat.user.count() == 1, "the retried message is not shown twice"
    assert fake.messages() == ["what is Prevent"]
    assert chat.active_id() == "actw-input", "focus goes back to the input after Try again"


def test_server_error_then_retry(open_page, chat_on, fake_rasa):
    fake_rasa.status = 500
    page = open_page(fake_rasa.url, width=320, height=640).page
    chat = chat_on(page)
    chat.open()
    chat.input.fill("I want to report something suspicious")
    chat.send_button.click()
    _assert_error_state(page, chat)

    fake_rasa.status = 200
    chat.alert.get_by_role("button", name="Try again").click()
    chat.wait_bot_after(0)
    assert chat.log.locator(".actw__reply").count() == 2
    assert chat.alert.inner_text().strip() == ""
    assert fake_rasa.messages() == ["I want to report something suspicious"] * 2


def test_quick_reply_failure_can_be_retried(open_page, chat_on, fake_rasa):
    page = open_page(fake_rasa.url).page
    chat = chat_on(page)
    chat.open()
    chat.ask("I want to report something suspicious")
    fake_rasa.status = 503
    chat.log.locator('.actw__reply[data-payload="/affirm"]').click()
    _assert_error_state(page, chat)
    fake_rasa.status = 200
    chat.alert.get_by_role("button", name="Try again").click()
    assert "999" in chat.wait_bot_after(1)
    assert fake_rasa.messages()[-1] == "/affirm"
