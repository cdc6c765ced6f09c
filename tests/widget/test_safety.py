"""Tests 4 and 5: bot text is shown as text and never run; only URLs, gov.uk/ACT and phone
numbers become links; and the page never makes a request to another host.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .widget_support import DIST

HOSTILE = [
    '<script>window.__pwned = "script"</script>',
    '<img src="/pwned.png" onerror="window.__pwned = \'img\'">',
    '<a href="javascript:window.__pwned=1">click me</a> <b>bold</b> &amp; javascript:alert(1)',
    '<svg onload="window.__pwned=\'svg\'"></svg><iframe src="/pwned"></iframe>',
]


def hostile_reply(message: str) -> list[dict]:
    return [{"text": t} for t in HOSTILE] + [
        {
            "text": "Pick one",
            "buttons": [
                {"title": '<img src="/pwned2.png" onerror="window.__pwned=\'button\'">', "payload": "/deny"},
                {"title": "<b>No</b>", "payload": "/affirm"},
            ],
        }
    ]


def _assert_inert(page, chat) -> None:
    page.wait_for_timeout(500)  # time for an onerror/onload to have fired, if it could
    assert page.evaluate("() => window.__pwned") is None
    panel = page.locator("#actw-panel")
    for tag in ("script", "img", "svg", "iframe", "b"):
        assert panel.locator(tag).count() == 0, f"a <{tag}> was built from bot text"
    text = chat.log.inner_text()
    for hostile in HOSTILE:
        assert hostile in text, f"not shown literally: {hostile}"
    hrefs = chat.log.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert all(h.startswith(("https://", "http://", "tel:")) for h in hrefs), hrefs
    assert not any("javascript" in h.lower() for h in hrefs)
    titles = chat.log.locator(".actw__reply").all_inner_texts()
    assert titles == ['<img src="/pwned2.png" onerror="window.__pwned=\'button\'">', "<b>No</b>"]


def test_bot_html_is_shown_as_text_never_run(open_page, chat_on, fake_rasa):
    fake_rasa.reply = hostile_reply
    opened = open_page(fake_rasa.url)
    page = opened.page
    chat = chat_on(page)
    chat.open()
    chat.ask("hello")
    _assert_inert(page, chat)

    page.reload()  # history comes back from sessionStorage: still text
    chat = chat_on(page)
    chat.panel.wait_for(state="visible")
    _assert_inert(page, chat)
    assert not any("pwned" in url for url in opened.requests), opened.requests


LINK_TEXT = (
    "Call 999 or 101. Report at gov.uk/ACT, or call 0800 789 321.\n"
    "Samaritans: 116 123. See https://www.gov.uk/government/collections/prevent.\n"
    "(More at counterterrorism.police.uk) In 2017, 254 people; over 800 cases; 43 plots; 1,999 items.\n"
    "Not a link: javascript:alert(1) or data:text/html,hi or e.g. this."
)


def test_only_urls_gov_uk_act_and_phone_numbers_become_links(open_page, chat_on, fake_rasa):
    fake_rasa.reply = lambda message: [{"text": LINK_TEXT}]
    page = open_page(fake_rasa.url).page
    chat = chat_on(page)
    chat.open()
    chat.ask("links please")
    message = chat.bot.last
    links = message.locator("a").evaluate_all("as => as.map(a => [a.textContent, a.getAttribute('href')])")
    assert links == [
        ["999", "tel:999"],
        ["101", "tel:101"],
        ["gov.uk/ACT", "https://www.gov.uk/ACT"],
        ["0800 789 321", "tel:0800789321"],
        ["116 123", "tel:116123"],
        [
            "https://www.gov.uk/government/collections/prevent",
            "https://www.gov.uk/government/collections/prevent",
        ],
        ["counterterrorism.police.uk", "https://counterterrorism.police.uk"],
    ]
    # Newlines are kept; the text is otherwise untouched.
    assert message.locator(".actw__text").evaluate("p => p.textContent") == LINK_TEXT


def test_no_request_leaves_the_machine(open_page, chat_on, fake_rasa):
    fake_rasa.reply = lambda message: [
        {
            "text": 'See https://www.gov.uk/ACT and http://example.com/x.png\n<img src="https://example.com/t.gif">'
        },
        {"text": "Is someone in danger?", "buttons": [{"title": "No", "payload": "/deny"}]},
    ]
    opened = open_page(fake_rasa.url)
    page, context = opened.page, opened.context
    leaked: list[str] = []

    def guard(route):
        host = urlsplit(route.request.url).hostname
        if host in ("localhost", "127.0.0.1"):
            route.continue_()
        else:
            leaked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page.reload()
    chat = chat_on(page)
    chat.open()
    chat.ask("what is Prevent")
    chat.log.locator(".actw__reply").first.click()
    chat.wait_bot_after(2)
    page.reload()  # and once more with history restored
    chat_on(page).panel.wait_for(state="visible")
    page.wait_for_timeout(300)

    hosts = {urlsplit(u).hostname for u in opened.requests if not u.startswith("data:")}
    assert hosts <= {"localhost", "127.0.0.1"}, opened.requests
    assert leaked == []
    assert any("/webhooks/rest/webhook" in u for u in opened.requests)
    assert opened.console_errors == [], opened.console_errors  # no CSP violations either


def test_built_assets_reference_nothing_remote(web_dist):
    for css in ("widget.css", "site.css"):
        text = (DIST / css).read_text()
        assert "url(" not in text and "@import" not in text, f"{css} loads something"
        assert "GDS Transport" not in text, f"{css} uses the GOV.UK font"
        assert "arial" in text.lower()
    pages = sorted(DIST.glob("*.html"))
    assert len(pages) >= 2
    for page in pages:
        html = page.read_text()
        for attr in re.findall(r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="([^"]*)"', html):
            assert attr.startswith("/") or attr.startswith("data:"), f"remote asset in {page.name}: {attr}"
    js = (DIST / "widget.js").read_text()
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "eval(" not in js
