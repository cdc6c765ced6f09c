#!/usr/bin/env python
"""`make run`: the action server, the Rasa server (REST channel) and the demo page, supervised.

    python scripts/run_assistant.py          everything, for a browser; Ctrl-C stops all
    python scripts/run_assistant.py --shell  action server + `rasa shell`, to chat in the terminal

A server that crashes is restarted with back-off (1 s, 2 s, 4 s … at most 30 s), and the console
says so: the signposts (999, gov.uk/ACT) are Rasa's own answers and must not go down with the
figures. Only Ctrl-C (or SIGTERM) or repeated crashes (5 within 60 s) stop the assistant.
Ports: RASA_PORT, ACTIONS_PORT, WEB_PORT (environment, else defaults.env); logs in LOG_DIR (logs/).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import deque
from pathlib import Path
from typing import Callable, Deque, Dict, List, Optional

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from addons import settings  # noqa: E402
from scripts.processes import Process, ProcessError, http_ok, port_in_use, private_dir  # noqa: E402
from scripts.servers import (  # noqa: E402
    MODEL,
    RASA,
    action_server_cmd,
    rasa_env,
    rasa_ready,
    rasa_server_cmd,
    server_env,
    web_server_cmd,
)

MAX_CRASHES, CRASH_WINDOW_S, MAX_BACKOFF_S = 5, 60.0, 30.0
pause = time.sleep  # the back-off wait


def say(message: str) -> None:
    print(message, flush=True)


class Supervised:
    """A server that is restarted when it dies, waiting longer after each recent crash."""

    def __init__(self, name: str, make: Callable[[], Process], ready: Callable[[], bool], timeout: float):
        self.name, self.make, self.ready, self.timeout = name, make, ready, timeout
        self.process: Optional[Process] = None
        self.crashes: Deque[float] = deque()

    def start(self) -> None:
        self.process = self.make().start(truncate=self.process is None)  # a restart keeps the crash's log
        took = self.process.wait_ready(self.ready, self.timeout, progress_every=10, say=say)
        say(f"    {self.name} is up ({took:.0f}s, pid {self.process.pid}, log {self.process.log})")

    def recent_crashes(self, now: float) -> int:
        while self.crashes and now - self.crashes[0] > CRASH_WINDOW_S:
            self.crashes.popleft()
        return len(self.crashes)

    def restart_after_crash(self) -> None:
        """Back-off, then start again; ProcessError when it crashed too often."""
        now = time.monotonic()
        self.crashes.append(now)
        count = self.recent_crashes(now)
        code = self.process.returncode if self.process else None
        if count >= MAX_CRASHES:
            raise ProcessError(
                f"{self.name} crashed {count} times within {CRASH_WINDOW_S:.0f}s; "
                f"giving up. Last log lines:\n{self.process.tail()}"
            )
        delay = min(2 ** (count - 1), MAX_BACKOFF_S)
        say(
            f"==> {self.name} stopped unexpectedly (exit {code}); restarting in {delay:.0f}s "
            f"(crash {count} within {CRASH_WINDOW_S:.0f}s; log {self.process.log})"
        )
        self.process.stop()  # whatever is left of its process group
        pause(delay)
        try:
            self.start()
            say(f"==> {self.name} restarted")
        except ProcessError as error:
            say(f"    {self.name} failed to start again: {str(error).splitlines()[0]}")


def build(shell: bool) -> List[Supervised]:
    rasa_port, actions_port, web_port = (
        settings.get_int(k) for k in ("RASA_PORT", "ACTIONS_PORT", "WEB_PORT")
    )
    logs = private_dir(ROOT / os.environ.get("LOG_DIR", "logs"))
    model = Path(os.environ.get("MODEL") or MODEL)
    env = server_env(os.environ.get("ACTION_SERVER_URL") or actions_port)
    for port in (actions_port,) if shell else (actions_port, rasa_port, web_port):
        if port_in_use(port):
            raise ProcessError(
                f"port {port} is already in use (another 'make run'?). Stop it or set "
                "RASA_PORT/ACTIONS_PORT/WEB_PORT."
            )
    local = "http://127.0.0.1:"
    servers = [
        Supervised(
            "action server",
            lambda: Process(
                "action server", action_server_cmd(actions_port), env, logs / "actions.log", ROOT
            ),
            http_ok(f"{local}{actions_port}/health"),
            120,
        )
    ]
    if shell:
        return servers
    pages = [f"http://localhost:{web_port}", f"http://127.0.0.1:{web_port}"]
    servers.append(
        Supervised(
            "Rasa server",
            lambda: Process(
                "Rasa server",
                rasa_server_cmd(rasa_port, model, cors=pages),
                rasa_env(env),
                logs / "rasa.log",
                ROOT,
            ),
            rasa_ready(rasa_port),
            300,
        )
    )
    servers.append(
        Supervised(
            "web page",
            lambda: Process(
                "web page",
                web_server_cmd(web_port, f"http://localhost:{rasa_port}"),
                env,
                logs / "web.log",
                ROOT,
            ),
            http_ok(f"{local}{web_port}/"),
            30,
        )
    )
    return servers


def run_shell(servers: List[Supervised]) -> int:
    model = os.environ.get("MODEL") or str(MODEL)
    env = servers[0].process.env
    return subprocess.call(
        [*RASA, "shell", "--model", model, "--endpoints", str(ROOT / "endpoints.yml")],
        cwd=ROOT,
        env=env,
    )


def supervise(servers: List[Supervised], stopping: Dict[str, bool]) -> int:
    while not stopping["flag"]:
        for server in servers:
            if not server.process.alive() and not stopping["flag"]:
                server.restart_after_crash()
        time.sleep(0.5)
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shell", action="store_true", help="action server + `rasa shell`")
    args = ap.parse_args(argv)
    stopping = {"flag": False}
    servers: List[Supervised] = []

    def on_signal(signum, frame):  # noqa: ARG001
        stopping["flag"] = True
        raise KeyboardInterrupt

    try:
        servers = build(args.shell)
        if not args.shell:  # rasa shell reads Ctrl-C itself
            signal.signal(signal.SIGINT, on_signal)
            signal.signal(signal.SIGTERM, on_signal)
        for server in servers:
            say(f"==> Starting the {server.name}")
            server.start()
        if args.shell:
            return run_shell(servers)
        rasa_port, web_port = settings.get_int("RASA_PORT"), settings.get_int("WEB_PORT")
        say(
            f"\nThe assistant is running.\n  Chat in a browser:  http://localhost:{web_port}\n"
            f"  REST channel:       curl -s localhost:{rasa_port}/webhooks/rest/webhook "
            "-H 'Content-Type: application/json' "
            f'-d \'{{"sender":"{uuid.uuid4()}","message":"what is Prevent?"}}\'\n'
            "Press Ctrl-C to stop."
        )
        return supervise(servers, stopping)
    except KeyboardInterrupt:
        return 0
    except ProcessError as error:
        print(f"error: {error}", file=sys.stderr, flush=True)
        return 1
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):  # a second Ctrl-C must not interrupt the stop
            signal.signal(sig, signal.SIG_IGN)
        say("\n==> Stopping")
        for server in reversed(servers):
            if server.process:
                server.process.stop()


if __name__ == "__main__":
    sys.exit(main())
