"""A stand-in action server that answers /health at once and every action late.

    python slow_action_server.py PORT DELAY_SECONDS

Bound to 127.0.0.1; each request waits at most DELAY_SECONDS (capped at 120).
Started and stopped by tests/prod/test_faults.py.
"""

import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    delay = 30.0

    def _reply(self, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802
        self._reply({"status": "ok"})

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        time.sleep(self.delay)
        try:
            self._reply({"events": [], "responses": [{"text": "too late"}]})
        except OSError:
            pass

    def log_message(self, *args) -> None:
        pass


if __name__ == "__main__":
    port, delay = int(sys.argv[1]), min(float(sys.argv[2]), 120.0)
    Handler.delay = delay
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
