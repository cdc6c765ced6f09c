"""Process control for every launcher: `make run`, the production profile, the tests, the benchmark.

One child process = one `Process`: started with its output in a log file, in its own process
group (so stopping it also stops whatever it spawned), waited for until a readiness check passes,
measured (RSS of the whole tree) and stopped with SIGTERM, then SIGKILL.
Folders that hold logs or data are private (0700) and log files 0600: they may hold conversations.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


class ProcessError(RuntimeError):
    """A process exited or did not become ready in time (the message names its log)."""


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) and make it 0700, also when it existed before.

    A shared folder (sticky bit, like /tmp) is refused, not closed: other users and services
    (PostgreSQL's own user, for one) must keep using it."""
    path = Path(path)
    if path.is_dir() and path.stat().st_mode & stat.S_ISVTX:
        raise ValueError(f"{path} is a shared folder (like /tmp): give logs and data a folder of their own")
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    path.chmod(PRIVATE_DIR)
    return path


def http_ok(url: str, timeout: float = 2.0, json_body: Optional[dict] = None) -> Callable[[], bool]:
    """A readiness check: GET ``url`` (POST ``json_body`` if given) answers 2xx."""
    data = None if json_body is None else json.dumps(json_body).encode()

    def check() -> bool:
        request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=timeout) as r:  # noqa: S310 (loopback only)
            return 200 <= r.status < 300

    return check


def tcp_open(port: int, host: str = "127.0.0.1") -> Callable[[], bool]:
    """A readiness check: something accepts connections on ``port``."""
    return lambda: port_in_use(port, host)


def wait_until(ready: Callable[[], bool], timeout: float, what: str) -> float:
    """Seconds until ``ready()`` is true (a failing check counts as not yet); ProcessError after ``timeout``."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            if ready():
                return time.monotonic() - started
        except Exception:  # noqa: BLE001 (any failure of the check means: not ready yet)
            pass
        time.sleep(0.05)
    raise ProcessError(f"{what} not ready after {timeout:.0f}s")


class Process:
    """One child process with its log file, in its own process group."""

    def __init__(
        self,
        name: str,
        cmd: Sequence[str],
        env: Optional[Dict[str, str]] = None,
        log: Optional[Path] = None,
        cwd: Optional[Path] = None,
    ) -> None:
        self.name = name
        self.cmd = [str(c) for c in cmd]
        self.env = dict(os.environ if env is None else env)
        self.log = Path(log) if log else Path(os.devnull)
        self.cwd = cwd
        self.popen: Optional[subprocess.Popen] = None
        self.started = 0.0

    def start(self, truncate: bool = False) -> "Process":
        """Start it; its output goes to the end of the log file (``truncate``: to a new log)."""
        if self.log != Path(os.devnull):
            private_dir(self.log.parent)
        mode = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if truncate else os.O_APPEND)
        fd = os.open(self.log, mode, PRIVATE_FILE)
        with os.fdopen(fd, "ab") as out:
            self.popen = subprocess.Popen(
                self.cmd,
                cwd=self.cwd,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # own group: stop() ends its children
                umask=0o077,  # what it writes (logs, data) is private too
            )
        self.started = time.monotonic()
        return self

    @property
    def pid(self) -> Optional[int]:
        return self.popen.pid if self.popen else None

    @property
    def returncode(self) -> Optional[int]:
        return self.popen.poll() if self.popen else None

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def signal(self, sig: int) -> None:
        """Send ``sig`` to the whole process group (the process and what it started)."""
        if self.popen is None:
            return
        try:
            os.killpg(self.popen.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def stop(self, timeout: float = 20.0) -> None:
        """SIGTERM to the group; SIGKILL if still there after ``timeout`` seconds."""
        if self.popen is None:
            return
        self.signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.popen.wait(10)
        self.signal(signal.SIGKILL)  # anything of the group that outlived its leader
        # a killed child takes a moment to go, longer on a busy machine: wait, so its ports are free
        deadline = time.monotonic() + 5
        while group_alive(self.popen.pid) and time.monotonic() < deadline:
            time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL, as a crash would."""
        self.signal(signal.SIGKILL)
        if self.popen:
            self.popen.wait(10)

    def wait_ready(
        self,
        ready: Callable[[], bool],
        timeout: float = 240,
        progress_every: float = 0,
        say: Callable[[str], None] = print,
    ) -> float:
        """Seconds from start until ``ready()`` is true. ProcessError if the process exits or
        ``timeout`` passes. With ``progress_every``, says "still starting" that often."""
        deadline = time.monotonic() + timeout
        next_note = time.monotonic() + progress_every
        while time.monotonic() < deadline:
            if not self.alive():
                raise ProcessError(
                    f"{self.name} exited with {self.returncode}; log {self.log}:\n{self.tail()}"
                )
            try:
                if ready():
                    return time.monotonic() - self.started
            except Exception:  # noqa: BLE001 (any failure of the check means: not ready yet)
                pass
            if progress_every and time.monotonic() >= next_note:
                say(f"    still starting {self.name} ({time.monotonic() - self.started:.0f}s)")
                next_note += progress_every
            time.sleep(0.25)
        raise ProcessError(f"{self.name} not ready after {timeout:.0f}s; log {self.log}:\n{self.tail()}")

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def rss_kb(self) -> int:
        """Resident memory of the process and all its descendants, in kB (0 when not running)."""
        if not self.alive():
            return 0
        return sum(_rss_kb(pid) for pid in [self.popen.pid, *descendants(self.popen.pid)])

    def rss_mb(self) -> float:
        return self.rss_kb() / 1024


def descendants(pid: int) -> List[int]:
    try:
        children = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return children + [g for c in children for g in descendants(c)]


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def group_alive(pgid: int) -> bool:
    """Whether any process of process group ``pgid`` still exists (zombies excluded)."""
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False
