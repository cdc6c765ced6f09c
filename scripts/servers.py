"""Start the action server and the Rasa server as child processes (used by tests and the benchmark)."""
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional

import requests

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "act-signpost.tar.gz"


def server_env(actions_port: int) -> Dict[str, str]:
    env = dict(os.environ)
    env.update(ACTION_SERVER_URL=f"http://localhost:{actions_port}/webhook", RASA_TELEMETRY_ENABLED="false",
               SQLALCHEMY_SILENCE_UBER_WARNING="1", PYTHONPATH=str(ROOT))
    return env


def action_server_cmd(port: int) -> List[str]:
    return [str(BIN / "python"), "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)]


def rasa_server_cmd(port: int, model: Path = MODEL, cors: Optional[str] = None) -> List[str]:
    cmd = [str(BIN / "rasa"), "run", "--model", str(model), "--endpoints", "endpoints.yml",
           "--credentials", "credentials.yml", "--port", str(port)]
    return cmd + (["--cors", cors] if cors else [])


class Server:
    """One child process with its log file; `wait_until` polls a readiness check."""

    def __init__(self, name: str, cmd: List[str], env: Dict[str, str], log_dir: Path, cwd: Path = ROOT):
        log_dir.mkdir(parents=True, exist_ok=True)
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self.started = time.monotonic()
        self.process = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=open(self.log_path, "w"),
                                        stderr=subprocess.STDOUT)

    def wait_until(self, ready: Callable[[], bool], timeout_s: float = 240) -> float:
        """Seconds from start until ready; RuntimeError if it dies or takes too long."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}; see {self.log_path}")
            try:
                if ready():
                    return time.monotonic() - self.started
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not start within {timeout_s}s; see {self.log_path}")

    def rss_mb(self) -> float:
        """Resident memory of the process and its children, in MB."""
        pids = [self.process.pid] + _children(self.process.pid)
        total_kb = 0
        for pid in pids:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total_kb += int(line.split()[1])
            except OSError:
                pass
        return total_kb / 1024

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _children(pid: int) -> List[int]:
    try:
        found = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return found + [g for c in found for g in _children(c)]
