"""Issue 8: the widget in WebKit, the engine of every iPhone (WebKitGTK MiniBrowser through
Selenium and WebKitWebDriver, on a private Xvfb display), talking to the real bot. Chromium
(Playwright) stays the main engine for the other widget tests.
"""

from __future__ import annotations

import pytest

from .webkit_support import ERROR_HOOK, INSTALL_HINT, missing, start_webkit, wait_until, xvfb_display
from .widget_support import PAGE_ORIGIN

READY = "return document.documentElement.classList.contains('actw-enabled') && !!window.__actSignpostWidget"


@pytest.fixture(scope="module")
def webkit():
    absent = missing()
    if absent:
        pytest.fail(f"missing {absent}: {INSTALL_HINT}")
    with xvfb_display() as display:
        driver = start_webkit(display)
        try:
            yield driver
        finally:
            driver.quit()


@pytest.fixture
def widget_page(webkit, web_server, bot_url):
    """The demo page through web/serve.py, pointed at the live bot, with an error hook."""
    web_server.serve(bot_url)
    webkit.get(PAGE_ORIGIN + "/")
    webkit.execute_script("sessionStorage.clear()")
    webkit.refresh()
    return _loaded(webkit)


def _loaded(driver):
    wait_until(lambda: driver.execute_script(READY), 20, "the widget to start")
    driver.execute_script(ERROR_HOOK)
    return driver


def _css(driver, selector):
    return driver.find_elements("css selector", selector)


def _bot_texts(driver) -> list[str]:
    return [e.text for e in _css(driver, "#actw-log .actw__msg--bot .actw__text")]


def _ask(driver, text: str) -> str:
    before = len(_css(driver, "#actw-log .actw__msg--bot"))
    field = driver.find_element("id", "actw-input")
    field.send_keys(text)
    driver.find_element("css selector", ".actw__send").click()
    wait_until(
        lambda: (
            len(_css(driver, "#actw-log .actw__msg--bot")) > before
            and driver.execute_script(
                "return document.getElementById('actw-panel').getAttribute('aria-busy')"
            )
            != "true"
        ),
        30,
        f"an answer to {text!r}",
    )
    return "\n".join(_bot_texts(driver)[before:])


def _errors(driver) -> list[str]:
    return driver.execute_script("return window.__widgetErrors || []")


def test_widget_loads_opens_and_the_real_bot_answers_in_webkit(widget_page):
    driver = widget_page
    assert "AppleWebKit" in driver.execute_script("return navigator.userAgent")
    launcher = driver.find_element("css selector", ".actw__launcher")
    assert launcher.is_displayed(), "no launcher: the widget failed to start in WebKit"
    launcher.click()
    wait_until(lambda: driver.find_element("id", "actw-panel").is_displayed(), 10, "the panel to open")
    assert driver.execute_script("return document.activeElement.id") == "actw-input"

    answer = _ask(driver, "how do I report something suspicious")
    assert "gov.uk/ACT" in answer and "0800 789 321" in answer, answer
    # Signposts in the bot's text are real links (what findLinks found, built as <a>).
    hrefs = [a.get_attribute("href") for a in _css(driver, "#actw-log .actw__msg--bot a")]
    assert "https://www.gov.uk/ACT" in hrefs and "tel:0800789321" in hrefs, hrefs
    signpost = [a.get_attribute("href") for a in _css(driver, "#actw-signpost a")]
    assert signpost == ["tel:999", "https://www.gov.uk/ACT"]

    # The report route asks "Is anyone in danger right now?" with Yes/No quick replies.
    replies = {r.get_attribute("data-payload"): r for r in _css(driver, "#actw-log .actw__reply")}
    assert set(replies) == {"/affirm", "/deny"}, list(replies)
    before = len(_css(driver, "#actw-log .actw__msg--bot"))
    replies["/affirm"].click()
    wait_until(lambda: len(_css(driver, "#actw-log .actw__msg--bot")) > before, 30, "the 999 answer")
    assert "Call 999 now" in "\n".join(_bot_texts(driver)[before:])
    assert _css(driver, "#actw-log .actw__msg--user .actw__text")[-1].text.startswith("Yes")
    assert _errors(driver) == []


def test_typed_text_is_not_kept_and_reload_restores_in_webkit(widget_page):
    driver = widget_page
    driver.find_element("css selector", ".actw__launcher").click()
    wait_until(lambda: driver.find_element("id", "actw-panel").is_displayed(), 10, "the panel to open")
    answer = _ask(driver, "Mr Robert Brownlow at 07912 345678 is acting strangely, what is Prevent")
    assert answer
    bot_before = _bot_texts(driver)
    assert driver.find_element("id", "actw-input").get_attribute("maxlength").isdigit()

    stored = driver.execute_script(
        "return JSON.stringify([Object.keys(sessionStorage).map(function (k) { return sessionStorage.getItem(k); }),"
        " Object.keys(localStorage), document.cookie])"
    )
    assert "sender" in stored
    for detail in ("Robert", "Brownlow", "07912", "345678"):
        assert detail not in stored, stored

    driver.refresh()
    _loaded(driver)
    wait_until(lambda: driver.find_element("id", "actw-panel").is_displayed(), 10, "the panel to stay open")
    assert _bot_texts(driver) == bot_before
    users = [e.text for e in _css(driver, "#actw-log .actw__msg--user .actw__text")]
    assert users == ["Your message (not kept)"]
    assert _errors(driver) == []
