"""Issue 7: the browser keeps nothing the server would redact. The widget never stores what
the user typed (sessionStorage, localStorage, cookies); after a reload their turns show as
"Your message (not kept)" while the bot's replies and the quick replies it offered come back.
"""

from __future__ import annotations

import json

# What people type about someone they suspect: a name, a mobile number, an e-mail address.
TYPED = "My neighbour John Smithson on 07912 345678, jsmithson@example.com, wants to report something"
DETAILS = ["John", "Smithson", "07912", "345678", "jsmithson", "example.com"]

READ_STORAGE = """() => {
  const dump = (s) => Object.fromEntries(Array.from({length: s.length}, (_, i) => [s.key(i), s.getItem(s.key(i))]));
  return {session: dump(sessionStorage), local: dump(localStorage), cookie: document.cookie};
}"""


def _everything_stored(page) -> str:
    stored = page.evaluate(READ_STORAGE)
    cookies = page.context.cookies()
    return json.dumps(stored) + json.dumps(cookies)


def test_typed_details_never_reach_browser_storage(open_page, chat_on, bot_url):
    opened = open_page(bot_url)
    page = opened.page
    chat = chat_on(page)
    chat.open()
    first_answer = chat.ask(TYPED)
    assert "gov.uk/ACT" in first_answer, first_answer  # the real bot answered the report
    chat.input.fill("my friend Ali Khan on ali.khan@example.org keeps watching extremist videos")
    assert chat.input.input_value()  # typed but not sent: not stored either

    stored = _everything_stored(page)
    assert "act-signpost-widget:v2" in stored and "sender" in stored, "the widget does keep its state"
    for detail in DETAILS + ["Ali", "Khan", "example.org"]:
        assert detail not in stored, f"{detail!r} is kept in the browser: {stored}"

    # A quick reply the bot offered is its own wording: that is kept and shown again.
    no_title = chat.log.locator('.actw__reply[data-payload="/deny"]').inner_text()
    before = chat.bot_count()
    chat.log.locator('.actw__reply[data-payload="/deny"]').click()
    assert "gov.uk/act" in chat.wait_bot_after(before).lower()
    bot_before = chat.bot.all_inner_texts()

    page.reload()
    chat = chat_on(page)
    chat.panel.wait_for(state="visible")
    assert chat.bot.all_inner_texts() == bot_before, "the bot's replies come back as they were"
    users = chat.user.locator(".actw__text").all_inner_texts()
    assert users == ["Your message (not kept)", no_title], users
    for detail in DETAILS:
        assert detail not in chat.log.inner_text()
        assert detail not in _everything_stored(page)

    # The same conversation carries on after the reload (same sender id on the server).
    assert "999" in chat.ask("what number do I call in an emergency")
    assert opened.console_errors == []


def test_text_kept_by_the_old_widget_is_removed(open_page, chat_on, fake_rasa):
    page = open_page(fake_rasa.url).page
    old = {"sender": "old", "open": True, "messages": [{"from": "user", "text": TYPED}]}
    page.evaluate("(v) => sessionStorage.setItem('act-signpost-widget:v1', v)", json.dumps(old))
    page.reload()
    chat_on(page).launcher.wait_for(state="visible")
    stored = _everything_stored(page)
    assert "act-signpost-widget:v1" not in stored and "Smithson" not in stored, stored


def test_text_box_limit_comes_from_defaults_env(open_page, chat_on, fake_rasa):
    from addons import settings

    limit = settings.get_int("WIDGET_MAX_CHARS")
    page = open_page(fake_rasa.url).page
    chat = chat_on(page)
    chat.open()
    assert chat.input.get_attribute("maxlength") == str(limit)
    chat.input.focus()
    page.keyboard.insert_text("y" * (limit + 25))  # as a paste: the browser cuts it at maxlength
    assert len(chat.input.input_value()) == limit
