"""Helpers for the widget tests: paths, a fake Rasa REST channel, the page server and a
Chat driver. Imported by tests/widget/conftest.py and the tests (unique module name, so it
cannot clash with tests/conftest.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

from addons import settings
from scripts.processes import free_port, tcp_open, wait_until  # noqa: F401 (free_port: for the tests)

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
DIST = WEB / "dist"
AXE_JS = WEB / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "results" / "screenshots"

# The page origin the live bot allows with --cors (agreed with tests/conftest.py).
PAGE_PORT = settings.get_int("TEST_WEB_PORT")
PAGE_ORIGIN = f"http://localhost:{PAGE_PORT}"

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def wait_for_port(port: int, timeout: float = 10.0) -> None:
    wait_until(tcp_open(port), timeout, f"port {port}")


# ---------------------------------------------------------------- fake REST channel
def _default_reply(message: str) -> list[dict]:
    """What the fake says: just enough of the real bot's contract for the widget tests."""
    text = message.strip().lower()
    if text == "/affirm":
        return [{"text": "Call 999 now. Tell the operator where you are and what you have seen."}]
    if text == "/deny":
        return [
            {
                "text": "Thank you. Report it online at gov.uk/ACT\n"
                "or call the anti-terrorist hotline on 0800 789 321."
            }
        ]
    if "prevent" in text:
        return [
            {
                "text": "Prevent is about stopping people being drawn into terrorism.\n"
                "It supports people at risk before any crime is committed."
            }
        ]
    if "report" in text or "suspicious" in text:
        return [
            {
                "text": "Thank you for wanting to report this. Is someone in danger right now?",
                "buttons": [
                    {"title": "Yes, someone is in danger now", "payload": "/affirm"},
                    {"title": "No", "payload": "/deny"},
                ],
            }
        ]
    return [{"text": "Sorry, I did not understand. You can ask about Prevent or how to report."}]


@dataclass
class FakeRasa:
    """A Rasa REST channel stand-in on 127.0.0.1, answering the page origin's CORS."""

    port: int = 0
    reply: Callable[[str], list[dict]] = _default_reply
    status: int = 200  # set to 500 to answer every message with an error
    delay: float = 0.0  # seconds before answering (to see the typing status)
    origin: str = PAGE_ORIGIN
    static_dir: Path | None = None  # also serve these files on GET: the page and Rasa on one origin
    received: list[dict] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"

    def start(self) -> "FakeRasa":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _cors(self):
                self.send_header("Access-Control-Allow-Origin", fake.origin)
                self.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")
                self.send_header("Access-Control-Allow-Headers", "Content-Type")
                self.send_header("Vary", "Origin")

            def do_OPTIONS(self):
                self.send_response(204)
                self._cors()
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_GET(self):
                # The built page as is (no data-server), as nginx serves it in production.
                name = self.path.split("?", 1)[0].lstrip("/") or "index.html"
                path = (fake.static_dir / name) if fake.static_dir and "/" not in name else None
                if path is None or not path.is_file():
                    self.send_error(404)
                    return
                body = path.read_bytes()
                kinds = {".html": "text/html", ".js": "text/javascript", ".css": "text/css"}
                self.send_response(200)
                self.send_header("Content-Type", kinds.get(path.suffix, "application/octet-stream"))
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    body = json.loads(self.rfile.read(length) or b"{}")
                except ValueError:
                    body = {}
                fake.received.append(body)
                if fake.delay:
                    time.sleep(fake.delay)
                if self.path != "/webhooks/rest/webhook" or fake.status != 200:
                    code = 404 if self.path != "/webhooks/rest/webhook" else fake.status
                    payload = b'{"error": "fake failure"}'
                else:
                    sender = str(body.get("sender", ""))
                    replies = [
                        {"recipient_id": sender, **r} for r in fake.reply(str(body.get("message", "")))
                    ]
                    payload, code = json.dumps(replies).encode(), 200
                self.send_response(code)
                self._cors()
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        ThreadingHTTPServer.allow_reuse_address = True
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def messages(self) -> list[str]:
        return [str(b.get("message")) for b in self.received]


# ------------------------------------------------------------------- the web server
class WebServer:
    """web/serve.py on PAGE_PORT; restarted when a test wants another Rasa URL."""

    def __init__(self, dist: Path):
        self.dist = dist
        self.proc: subprocess.Popen | None = None
        self.rasa_url: str | None = None

    def serve(self, rasa_url: str) -> str:
        if self.proc is not None and self.proc.poll() is None and self.rasa_url == rasa_url:
            return PAGE_ORIGIN
        self.stop()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                str(WEB / "serve.py"),
                "--port",
                str(PAGE_PORT),
                "--dir",
                str(self.dist),
                "--rasa-url",
                rasa_url,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.rasa_url = rasa_url
        try:
            wait_for_port(PAGE_PORT)
        except RuntimeError as error:
            err = self.proc.stderr.read().decode() if self.proc.poll() is not None else ""
            self.stop()
            raise RuntimeError(f"web/serve.py did not start on {PAGE_PORT}: {err}") from error
        return PAGE_ORIGIN

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None


@dataclass
class OpenedPage:
    page: object
    context: object
    requests: list[str]
    console_errors: list[str]


class Chat:
    """Drives the widget on a page the way a person would (mouse by default)."""

    def __init__(self, page):
        self.page = page
        self.launcher = page.locator(".actw__launcher")
        self.panel = page.locator("#actw-panel")
        self.input = page.locator("#actw-input")
        self.send_button = page.locator(".actw__send")
        self.log = page.locator("#actw-log")
        self.bot = self.log.locator(".actw__msg--bot")
        self.user = self.log.locator(".actw__msg--user")
        self.replies = self.log.locator(".actw__reply")
        self.alert = page.locator("#actw-alert")
        self.signpost = page.locator("#actw-signpost")

    def open(self) -> None:
        self.launcher.click()
        self.panel.wait_for(state="visible")

    def bot_count(self) -> int:
        return self.bot.count()

    def wait_idle(self, timeout: float = 30_000) -> None:
        self.page.wait_for_function(
            "() => document.getElementById('actw-panel').getAttribute('aria-busy') !== 'true'",
            timeout=timeout,
        )

    def wait_bot_after(self, before: int, timeout: float = 30_000) -> str:
        """Wait for bot messages past the first `before`; return their text."""
        self.page.wait_for_function(
            """([n]) => document.querySelectorAll('#actw-log .actw__msg--bot').length > n
                 && document.getElementById('actw-panel').getAttribute('aria-busy') !== 'true'""",
            arg=[before],
            timeout=timeout,
        )
        count = self.bot_count()
        return "\n".join(self.bot.nth(i).inner_text() for i in range(before, count))

    def ask(self, text: str) -> str:
        before = self.bot_count()
        self.input.fill(text)
        self.send_button.click()
        return self.wait_bot_after(before)

    def active_id(self) -> str:
        return self.page.evaluate("() => document.activeElement && document.activeElement.id")

    def active_class(self) -> str:
        return self.page.evaluate("() => document.activeElement && document.activeElement.className")
