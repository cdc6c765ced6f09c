"""Test 3 and the rest of WCAG 2.2 AA: axe-core with the widget open and a conversation
shown (1280 and 320 px), screenshots, reflow at 320 px and 400% zoom, reduced motion,
the log region, the page without JavaScript, and the launcher's fixed place.
"""

from __future__ import annotations

import json

import pytest

from .widget_support import AXE_JS, SCREENSHOTS, free_port

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def run_axe(page) -> dict:
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return {
              violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary)})),
              passes: r.passes.length, incomplete: r.incomplete.map(v => v.id)};
        }""",
        AXE_TAGS,
    )


def _converse(chat) -> None:
    chat.open()
    assert "prevent" in chat.ask("what is Prevent").lower()
    chat.ask("I want to report something suspicious")
    assert chat.log.locator(".actw__reply").count() >= 2


@pytest.mark.parametrize("width, height", [(1280, 800), (320, 640)], ids=["1280px", "320px"])
def test_axe_no_violations_with_conversation(open_page, chat_on, bot_url, width, height):
    # bypass_csp: the page's CSP (script-src 'self') would block the injected axe script.
    opened = open_page(bot_url, width=width, height=height, bypass_csp=True)
    page = opened.page
    chat = chat_on(page)
    _converse(chat)

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"widget-{width}px.png"))

    result = run_axe(page)
    report = SCREENSHOTS.parent / "tmp" / f"axe-widget-{width}px.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(result, indent=2))
    assert result["violations"] == [], json.dumps(result["violations"], indent=2)
    assert result["passes"] > 10


def test_axe_no_violations_page_closed_and_error_state(open_page, chat_on, fake_rasa_factory):

    down = f"http://localhost:{free_port()}"
    opened = open_page(down, width=1280, height=800, bypass_csp=True)
    page = opened.page
    result = run_axe(page)
    assert result["violations"] == [], json.dumps(result["violations"], indent=2)

    page.set_viewport_size({"width": 320, "height": 640})
    chat = chat_on(page)
    chat.open()
    chat.input.fill("what is Prevent")
    chat.send_button.click()
    chat.alert.get_by_role("button", name="Try again").wait_for()
    result = run_axe(page)
    assert result["violations"] == [], json.dumps(result["violations"], indent=2)


def _in_viewport(page, selector: str) -> bool:
    return page.evaluate(
        """(sel) => {
            const r = document.querySelector(sel).getBoundingClientRect();
            return r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0
                && r.bottom <= innerHeight + 0.5 && r.right <= innerWidth + 0.5;
        }""",
        selector,
    )


@pytest.mark.parametrize(
    "width, height", [(320, 640), (320, 180), (1280, 800)], ids=["320px", "400pct-zoom-320x180", "1280px"]
)
def test_reflow_keeps_input_and_signpost_visible(open_page, chat_on, bot_url, width, height):
    """320 CSS px wide, and 1280x720 at 400% zoom (= a 320x180 CSS px viewport)."""
    page = open_page(bot_url, width=width, height=height).page
    chat = chat_on(page)
    _converse(chat)
    for selector in ("#actw-input", ".actw__send", "#actw-signpost"):
        assert _in_viewport(page, selector), f"{selector} is not fully in view at {width}x{height}"
    # No horizontal scrolling, in the page or in the panel.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert page.evaluate(
        "() => { const p = document.getElementById('actw-panel'); return p.scrollWidth <= p.clientWidth; }"
    )
    # The conversation can still be scrolled to its start and read.
    page.evaluate("() => { document.getElementById('actw-panel').scrollTop = 0; }")
    assert _in_viewport(page, "#actw-signpost"), "the signpost line stays in view while scrolling"
    if width == 320 and height == 180:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.evaluate(
            "() => { const p = document.getElementById('actw-panel'); p.scrollTop = p.scrollHeight; }"
        )
        page.screenshot(path=str(SCREENSHOTS / "widget-320x180-zoom400.png"))


def test_log_region_and_labels(open_page, chat_on, fake_rasa):
    page = open_page(fake_rasa.url).page
    chat = chat_on(page)
    chat.open()
    assert chat.log.get_attribute("role") == "log"
    assert chat.log.get_attribute("aria-live") == "polite"
    assert page.locator("#actw-status").get_attribute("role") == "status"
    assert chat.panel.get_attribute("role") == "dialog"
    assert chat.panel.get_attribute("aria-labelledby") == "actw-title"
    # The input has a real <label>; every button has a name.
    assert page.get_by_label("Your question").count() == 1
    chat.ask("I want to report something suspicious")
    names = page.evaluate(
        "() => [...document.querySelectorAll('.actw button')].filter(b => b.offsetParent)"
        ".map(b => b.textContent.trim())"
    )
    assert all(names) and "Send" in names and "Clear conversation" in names
    # Signpost line with working links.
    assert chat.signpost.inner_text().strip() == "In an emergency call 999. Report at gov.uk/ACT"
    assert chat.signpost.locator("a[href='tel:999']").count() == 1
    assert chat.signpost.locator("a[href='https://www.gov.uk/ACT']").count() == 1
    # The typing status lives outside the log, so it is not part of the history.
    assert chat.log.locator("[role=status]").count() == 0


def test_reduced_motion_turns_off_animation(open_page, chat_on, fake_rasa):
    fake_rasa.delay = 1.0
    page = open_page(fake_rasa.url, reduced_motion="reduce").page
    chat = chat_on(page)
    chat.open()
    assert (
        page.evaluate("() => getComputedStyle(document.getElementById('actw-panel')).animationName") == "none"
    )
    chat.input.fill("what is Prevent")
    chat.send_button.click()
    dots = page.locator(".actw__dots span").first
    dots.wait_for()
    assert dots.evaluate("d => getComputedStyle(d).animationName") == "none"

    page2 = open_page(fake_rasa.url, reduced_motion="no-preference").page
    chat2 = chat_on(page2)
    chat2.open()
    chat2.input.fill("what is Prevent")
    chat2.send_button.click()
    dots2 = page2.locator(".actw__dots span").first
    dots2.wait_for()
    assert dots2.evaluate("d => getComputedStyle(d).animationName") != "none"


def test_full_screen_panel_makes_page_inert(open_page, chat_on, fake_rasa):
    page = open_page(fake_rasa.url, width=320, height=640).page
    chat = chat_on(page)
    chat.open()
    assert chat.panel.get_attribute("aria-modal") == "true"
    assert page.evaluate("() => !!document.querySelector('main').closest('[inert]')")
    # Tab cannot leave the panel for the hidden page behind it.
    for _ in range(12):
        page.keyboard.press("Tab")
        assert page.evaluate(
            "() => document.activeElement === document.body || !!document.activeElement.closest('#actw-panel')"
        )
    page.keyboard.press("Escape")
    assert page.evaluate("() => !document.querySelector('[inert]')")
    assert chat.panel.get_attribute("aria-modal") == "false"


def test_launcher_in_the_same_place_on_every_page(open_page, chat_on, fake_rasa):
    opened = open_page(fake_rasa.url, width=1280, height=800)
    page = opened.page
    launcher = page.locator(".actw__launcher")
    box = launcher.bounding_box()
    assert launcher.evaluate("l => getComputedStyle(l).position") == "fixed"
    assert 1280 - (box["x"] + box["width"]) <= 24 and 800 - (box["y"] + box["height"]) <= 24
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(100)
    assert launcher.bounding_box() == box

    chat = chat_on(page)
    chat.open()
    chat.ask("what is Prevent")
    chat.close = page.get_by_role("button", name="Close chat")
    chat.close.click()
    page.get_by_role("link", name="How to report").click()
    page.wait_for_url("**/report.html")
    assert launcher.bounding_box() == box, "the launcher is in the same place on the other page"
    chat = chat_on(page)
    chat.open()
    assert chat.user.count() == 1 and chat.bot.count() == 1, "the conversation follows to the other page"


def test_axe_no_violations_on_the_other_page(open_page, fake_rasa):
    page = open_page(fake_rasa.url, path="/report.html", bypass_csp=True).page
    result = run_axe(page)
    assert result["violations"] == [], json.dumps(result["violations"], indent=2)


@pytest.mark.parametrize("path", ["/", "/report.html"])
def test_page_without_javascript_shows_how_to_report(open_page, fake_rasa, path):
    page = open_page(fake_rasa.url, java_script_enabled=False, path=path).page
    text = page.locator("body").inner_text()
    assert "call 999" in text
    assert "gov.uk/ACT" in text and "0800 789 321" in text
    assert page.locator("a[href='tel:999']").count() >= 1
    assert page.locator("a[href='https://www.gov.uk/ACT']").count() >= 1
    assert page.locator(".govuk-inset-text").get_by_text("needs JavaScript").is_visible()
    assert page.locator(".actw__launcher").count() == 0
