#!/usr/bin/env python3
"""Tiny static server for the chat widget's demo page (web/dist). Python stdlib only.

    python web/serve.py --port 8080 --dir web/dist --rasa-url http://localhost:5005

* The built pages carry no data-server: the widget posts to its own origin, as behind nginx
  (make run-prod). Here Rasa is on another port, so every HTML page is served with
  data-server set on the widget's <script> tag to the Rasa URL (--rasa-url, else $RASA_URL,
  else http://localhost:5005).
* A Content-Security-Policy lets the page load only its own files and talk only to
  itself and the Rasa server: no request can leave for a CDN or a font service.
* --keeps-unanswered-days N (N > 0: the operator keeps the redacted text of unanswered questions,
  INSIGHTS_KEEP_UNANSWERED) adds data-keeps-unanswered="N": the widget's privacy line says so.
* Quiet: logs one line at start, then only errors (4xx/5xx), unless --verbose.
"""

from __future__ import annotations

import argparse
import html
import http.server
import os
import re
import sys
from functools import partial
from urllib.parse import urlsplit

DEFAULT_RASA_URL = "http://localhost:5005"
# The widget's <script ... src=".../widget.js" ...> tag, and a data-server attribute inside it.
_WIDGET_TAG = re.compile(r'<script\b[^>]*\bsrc="[^"]*widget\.js"[^>]*>')
_DATA_SERVER = re.compile(r'\s+data-server="[^"]*"')
_DATA_KEEPS = re.compile(r'\s+data-keeps-unanswered="[^"]*"')


def point_widget_at(page: str, rasa_url: str, keeps_days: int = 0) -> str:
    """The page with data-server="rasa_url" on the widget's script tag (replacing any there), and
    data-keeps-unanswered="keeps_days" when unanswered questions are kept."""
    attr = ' data-server="' + html.escape(rasa_url, quote=True) + '"'
    attr += f' data-keeps-unanswered="{int(keeps_days)}"' if keeps_days > 0 else ""

    def rewrite(tag: re.Match) -> str:
        text = _DATA_KEEPS.sub("", _DATA_SERVER.sub("", tag.group(0)))
        return text[: len("<script")] + attr + text[len("<script") :]

    return _WIDGET_TAG.sub(rewrite, page)


def note_kept_text(page: str, keeps_days: int) -> str:
    """The page with only data-keeps-unanswered set on the widget's tag (nginx serves it as is)."""
    attr = f' data-keeps-unanswered="{int(keeps_days)}"' if keeps_days > 0 else ""

    def rewrite(tag: re.Match) -> str:
        text = _DATA_KEEPS.sub("", tag.group(0))
        return text[: len("<script")] + attr + text[len("<script") :]

    return _WIDGET_TAG.sub(rewrite, page)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an http(s) URL: {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(rasa_url: str) -> str:
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            f"connect-src 'self' {origin_of(rasa_url)}",
            "form-action 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ]
    )


class Handler(http.server.SimpleHTTPRequestHandler):
    rasa_url = DEFAULT_RASA_URL
    keeps_days = 0
    verbose = False

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".html": "text/html; charset=utf-8",
        ".svg": "image/svg+xml",
    }

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", content_security_policy(self.rasa_url))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def list_directory(self, path):  # no directory listings
        self.send_error(404, "Not found")
        return None

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            index = os.path.join(path, "index.html")
            if os.path.isfile(index) and self.path.split("?", 1)[0].endswith("/"):
                path = index
        if path.endswith(".html") and os.path.isfile(path):
            return self._send_html(path)
        return super().send_head()

    def _send_html(self, path: str):
        import io

        with open(path, encoding="utf-8") as f:
            text = f.read()
        body = point_widget_at(text, self.rasa_url, self.keeps_days).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format, *args):  # noqa: A002 - signature from the stdlib
        if self.verbose:
            super().log_message(format, *args)

    def log_request(self, code="-", size="-"):
        code_value = getattr(code, "value", code)
        if self.verbose or (isinstance(code_value, int) and code_value >= 400):
            sys.stderr.write(f"serve.py: {code_value} {self.command} {self.path}\n")


def main(argv: list[str] | None = None) -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "8080")))
    parser.add_argument("--host", default=os.environ.get("WEB_HOST", "127.0.0.1"))
    parser.add_argument(
        "--dir", default=os.path.join(here, "dist"), help="folder to serve (default: web/dist)"
    )
    parser.add_argument(
        "--rasa-url",
        default=os.environ.get("RASA_URL", DEFAULT_RASA_URL),
        help="Rasa server the page talks to (default: $RASA_URL or %(default)s)",
    )
    parser.add_argument(
        "--keeps-unanswered-days",
        type=int,
        default=0,
        help="days the redacted text of unanswered questions is kept (0: not kept); shown to the user",
    )
    parser.add_argument("--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)

    directory = os.path.abspath(args.dir)
    if not os.path.isfile(os.path.join(directory, "index.html")):
        parser.error(f"{directory}/index.html not found: run `make web` first")
    try:
        origin_of(args.rasa_url)
    except ValueError as exc:
        parser.error(str(exc))

    Handler.rasa_url = args.rasa_url.rstrip("/")
    Handler.keeps_days = max(args.keeps_unanswered_days, 0)
    Handler.verbose = args.verbose
    http.server.ThreadingHTTPServer.allow_reuse_address = True
    server = http.server.ThreadingHTTPServer((args.host, args.port), partial(Handler, directory=directory))
    server.daemon_threads = True
    host_shown = "localhost" if args.host in ("127.0.0.1", "::1", "localhost") else args.host
    print(
        f"serve.py: http://{host_shown}:{server.server_address[1]}/ from {directory} (Rasa: {Handler.rasa_url})",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
