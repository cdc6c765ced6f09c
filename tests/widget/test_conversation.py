"""Tests 1 and 2: a conversation through the real widget, by mouse and by keyboard only.

The bot comes from the `bot_url` fixture (the live bot of tests/conftest.py: see
tests/widget/conftest.py). The other tests here
check the widget's own behaviour (reload, clear, focus, typing status) on a fake.
"""

from __future__ import annotations

import pytest

FOCUS_YELLOW = "rgb(255, 221, 0)"


def _choose(chat, payload: str) -> str:
    before = chat.bot_count()
    chat.log.locator(f'.actw__reply[data-payload="{payload}"]').click()
    return chat.wait_bot_after(before)


@pytest.mark.parametrize(
    "payload, expected",
    [("/affirm", "999"), ("/deny", "gov.uk/act")],
    ids=["danger-now-999", "not-now-gov.uk-ACT"],
)
def test_prevent_then_report_with_quick_reply(open_page, chat_on, bot_url, payload, expected):
    opened = open_page(bot_url)
    chat = chat_on(opened.page)
    chat.open()
    assert chat.active_id() == "actw-input", "opening the chat puts focus in the input"

    answer = chat.ask("what is Prevent")
    assert "prevent" in answer.lower()
    assert chat.user.last.inner_text().endswith("what is Prevent")
    assert chat.active_id() == "actw-input", "focus goes back to the input after Send"

    chat.ask("I want to report something suspicious")
    buttons = chat.log.locator(".actw__reply")
    assert buttons.count() >= 2
    assert all(tag == "BUTTON" for tag in buttons.evaluate_all("bs => bs.map(b => b.tagName)"))
    title = chat.log.locator(f'.actw__reply[data-payload="{payload}"]').inner_text()

    reply = _choose(chat, payload)
    assert expected in reply.lower(), reply
    assert chat.user.last.inner_text().endswith(title), "the chosen reply is shown as the user's message"
    assert chat.log.locator(".actw__reply").count() == chat.bot.last.locator(".actw__reply").count(), (
        "only the newest bot message keeps quick replies"
    )
    assert chat.active_id() == "actw-input", "focus goes to the input after a quick reply"
    assert opened.console_errors == []


def _tab_to(page, predicate_js: str, *, backwards: bool = False, limit: int = 40) -> None:
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!el && ({predicate_js}); }}"):
            return
    raise AssertionError(f"{key} never reached an element where {predicate_js}")


def _focus_is_visible(page) -> bool:
    return page.evaluate(
        """() => {
            const s = getComputedStyle(document.activeElement);
            return s.backgroundColor === 'rgb(255, 221, 0)' || s.outlineColor === 'rgb(255, 221, 0)'
                || s.boxShadow.includes('rgb(255, 221, 0)');
        }"""
    )


def test_keyboard_only(open_page, chat_on, bot_url):
    opened = open_page(bot_url)
    page = opened.page
    chat = chat_on(page)

    _tab_to(page, "el.classList.contains('actw__launcher')")
    assert _focus_is_visible(page)
    page.keyboard.press("Enter")
    chat.panel.wait_for(state="visible")
    assert chat.active_id() == "actw-input"
    assert _focus_is_visible(page)

    before = chat.bot_count()
    page.keyboard.type("what is Prevent")
    page.keyboard.press("Enter")
    assert "prevent" in chat.wait_bot_after(before).lower()
    assert chat.active_id() == "actw-input"

    for payload, key, expected in (("/deny", "Enter", "gov.uk/act"), ("/affirm", " ", "999")):
        before = chat.bot_count()
        page.keyboard.type("I want to report something suspicious")
        page.keyboard.press("Enter")
        chat.wait_bot_after(before)
        # The quick replies sit just before the input: Shift+Tab back to them.
        _tab_to(page, f"el.dataset.payload === '{payload}'", backwards=True, limit=6)
        assert _focus_is_visible(page), "quick reply buttons show where focus is"
        before = chat.bot_count()
        page.keyboard.press(key)
        assert expected in chat.wait_bot_after(before).lower()
        assert chat.active_id() == "actw-input", "focus returns to the input after a quick reply"

    # Send follows the input; Shift+Tab goes back through the signpost links to the
    # header's Close button, each with a visible focus style.
    _tab_to(page, "el.textContent.trim() === 'Send'", limit=1)
    assert _focus_is_visible(page)
    page.keyboard.press("Shift+Tab")
    assert chat.active_id() == "actw-input"
    _tab_to(page, "el.getAttribute('href') === 'https://www.gov.uk/ACT'", backwards=True, limit=1)
    assert _focus_is_visible(page)
    _tab_to(page, "el.getAttribute('href') === 'tel:999'", backwards=True, limit=1)
    # back through both report replies' links (gov.uk/ACT, 0800 789 321, 999, 101 each)
    _tab_to(page, "el.textContent.trim().startsWith('Close')", backwards=True, limit=25)
    assert _focus_is_visible(page)
    page.keyboard.press("Enter")
    chat.panel.wait_for(state="hidden")
    assert page.evaluate("() => document.activeElement.classList.contains('actw__launcher')")

    page.keyboard.press("Enter")  # reopen: the conversation is still there
    chat.panel.wait_for(state="visible")
    assert chat.active_id() == "actw-input"
    assert chat.user.count() == 5
    page.keyboard.press("Escape")
    chat.panel.wait_for(state="hidden")
    assert page.evaluate("() => document.activeElement.classList.contains('actw__launcher')")
    assert opened.console_errors == []


def test_conversation_survives_reload_and_clear_starts_afresh(open_page, chat_on, fake_rasa):
    opened = open_page(fake_rasa.url)
    page = opened.page
    chat = chat_on(page)
    chat.open()
    chat.ask("what is Prevent")
    chat.ask("I want to report something suspicious")

    page.reload()
    chat = chat_on(page)
    chat.panel.wait_for(state="visible")  # it was open: it stays open
    assert chat.user.count() == 2 and chat.bot.count() == 2
    assert chat.log.locator(".actw__reply").count() == 2, "pending quick replies come back too"
    # The bot's replies come back; what the user typed does not (issue 7: never stored).
    assert "stopping people being drawn into terrorism" in chat.bot.first.inner_text()
    assert chat.user.locator(".actw__text--unkept").all_inner_texts() == ["Your message (not kept)"] * 2
    assert "what is prevent" not in chat.log.inner_text().lower()

    chat.ask("what is Prevent")
    senders = {b["sender"] for b in fake_rasa.received}
    assert len(senders) == 1, "the same sender id is used after a reload"

    page.get_by_role("button", name="Clear conversation").click()
    assert chat.user.count() == 0 and chat.bot.count() == 0
    assert chat.active_id() == "actw-input"
    assert "cleared" in page.locator("#actw-status").inner_text().lower()
    chat.ask("what is Prevent")
    assert len({b["sender"] for b in fake_rasa.received}) == 2, "clear conversation starts a new sender id"

    page.reload()
    chat = chat_on(page)
    chat.panel.wait_for(state="visible")
    assert chat.user.count() == 1, "after a clear, only the new conversation comes back"


def test_send_button_keeps_focus_and_messages_are_appended_once(open_page, chat_on, fake_rasa):
    fake_rasa.delay = 0.8
    page = open_page(fake_rasa.url).page
    chat = chat_on(page)
    chat.open()

    chat.input.fill("what is Prevent")
    chat.send_button.click()
    status = page.locator("#actw-status")
    status.get_by_text("The assistant is typing").wait_for()
    assert chat.panel.get_attribute("aria-busy") == "true"
    assert chat.active_id() == "actw-input"
    chat.wait_bot_after(0)
    assert "typing" not in status.inner_text()

    # Mark the rendered nodes: later messages must be appended, not re-rendered (or the
    # live region would announce the whole history again).
    page.evaluate(
        "() => document.querySelectorAll('#actw-log .actw__msg').forEach(m => m.dataset.seen = '1')"
    )
    chat.ask("I want to report something suspicious")
    assert page.locator("#actw-log .actw__msg[data-seen='1']").count() == 2
    assert page.locator("#actw-log .actw__msg").count() == 4


def test_empty_message_is_not_sent(open_page, chat_on, fake_rasa):
    page = open_page(fake_rasa.url).page
    chat = chat_on(page)
    chat.open()
    chat.send_button.click()
    assert "type a question" in page.locator("#actw-status").inner_text().lower()
    assert fake_rasa.received == []
    assert chat.active_id() == "actw-input"
