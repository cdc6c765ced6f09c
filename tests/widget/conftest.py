"""Fixtures for the chat widget's browser tests (tests/widget/).

* web_dist          - web/dist, brought up to date by `make -f mk/web.mk web`
* web_server        - web/serve.py on http://localhost:8180, pointed at a given Rasa URL
* fake_rasa         - a stdlib fake of Rasa's REST channel (CORS for the page origin)
* fake_rasa_factory - more fakes, e.g. one that starts later on a reserved port
* bot_url           - the live bot (tests/conftest.py live_bot), CORS for http://localhost:8180
* widget_browser    - Debian's Chromium through Playwright (its own download fails here);
                      WebKit has its own fixture in test_webkit.py (webkit_support.py)
* open_page         - a new page (own context) on the demo page, every request recorded
* chat_on           - Chat(page): drives the widget
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Callable, Iterator

import pytest

from .widget_support import (
    AXE_JS,
    CHROMIUM,
    CHROMIUM_ARGS,
    DIST,
    ROOT,
    Chat,
    FakeRasa,
    OpenedPage,
    WebServer,
)


# --------------------------------------------------------------------------- build
@pytest.fixture(scope="session")
def web_dist() -> Path:
    """web/dist, brought up to date with `make -f mk/web.mk web` (a no-op when it is)."""
    needed = [DIST / n for n in ("index.html", "report.html", "widget.js", "widget.css", "site.css")] + [
        AXE_JS
    ]
    if shutil.which("make") and shutil.which("npm"):
        proc = subprocess.run(
            ["make", "-s", "-f", "mk/web.mk", "web"], cwd=ROOT, capture_output=True, text=True, timeout=600
        )
        if proc.returncode != 0:
            pytest.fail(f"`make -f mk/web.mk web` failed:\n{proc.stdout}\n{proc.stderr}")
    missing = [str(p.relative_to(ROOT)) for p in needed if not p.is_file()]
    if missing:
        pytest.fail(f"not built: {missing}: run `make web` (needs node and npm)")
    return DIST


@pytest.fixture
def fake_rasa_factory() -> Iterator[Callable[..., FakeRasa]]:
    made: list[FakeRasa] = []

    def make(start: bool = True, **kwargs) -> FakeRasa:
        fake = FakeRasa(**kwargs)
        if start:
            fake.start()
        made.append(fake)
        return fake

    yield make
    for fake in made:
        fake.stop()


@pytest.fixture
def fake_rasa(fake_rasa_factory) -> FakeRasa:
    return fake_rasa_factory()


# ------------------------------------------------------------------ the bot to test
@pytest.fixture(scope="session")
def bot_url(live_bot) -> str:
    """The real running bot (tests/conftest.py), which serves CORS for http://localhost:8180."""
    return live_bot.rasa_url


@pytest.fixture(scope="session")
def web_server(web_dist) -> Iterator[WebServer]:
    server = WebServer(web_dist)
    yield server
    server.stop()


# ------------------------------------------------------------------------ browser
@pytest.fixture(scope="session")
def widget_browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: apt-get install -y chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def open_page(widget_browser, web_server) -> Iterator[Callable[..., OpenedPage]]:
    """open_page(rasa_url, width=1280, height=800, **context_options) -> OpenedPage."""
    contexts = []

    def _open(rasa_url: str, width: int = 1280, height: int = 800, path: str = "/", **options) -> OpenedPage:
        origin = web_server.serve(rasa_url)
        context = widget_browser.new_context(viewport={"width": width, "height": height}, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        opened = OpenedPage(page=page, context=context, requests=[], console_errors=[])
        page.on("request", lambda r: opened.requests.append(r.url))
        page.on("console", lambda m: m.type == "error" and opened.console_errors.append(m.text))
        page.on("pageerror", lambda e: opened.console_errors.append(f"pageerror: {e}"))
        page.goto(origin + path)
        return opened

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def chat_on():
    """chat_on(page) -> Chat"""
    return Chat
