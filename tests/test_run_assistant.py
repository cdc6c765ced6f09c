"""`make run` (scripts/run_assistant.py): a crashed server is restarted, Ctrl-C stops everything.

Runs the real supervisor with the real model on free ports, kills the action server as a crash
would (SIGKILL) and checks that the figures come back and the signposts never went away.
"""

import os
import re
import signal
import stat
import sys
import time
import uuid

import pytest
import requests

from scripts.processes import Process, free_port, group_alive
from scripts.servers import MODEL, ROOT, sanic_request_max_size

STATS = "how many plots have been stopped"
EMERGENCY = "there's a man with a knife in the street"


def _ask(port: int, message: str) -> str:
    r = requests.post(
        f"http://127.0.0.1:{port}/webhooks/rest/webhook",
        json={"sender": str(uuid.uuid4()), "message": message},
        timeout=30,
    )
    assert r.status_code == 200, r.text
    return "\n".join(m.get("text", "") for m in r.json())


def _wait_for(sup: Process, pattern: str, timeout: float) -> re.Match:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = re.search(pattern, sup.log.read_text(errors="replace"))
        if found:
            return found
        assert sup.alive(), sup.tail()
        time.sleep(0.5)
    raise AssertionError(f"no {pattern!r} after {timeout}s:\n{sup.tail()}")


def _environ(pid: int) -> dict:
    raw = open(f"/proc/{pid}/environ", "rb").read().split(b"\0")
    return dict(item.decode(errors="replace").split("=", 1) for item in raw if b"=" in item)


def test_crashed_action_server_is_restarted_and_ctrl_c_stops_everything(tmp_path):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train`")
    ports = {"RASA_PORT": free_port(), "ACTIONS_PORT": free_port(), "WEB_PORT": free_port()}
    logs = tmp_path / "logs"
    env = dict(os.environ, **{k: str(v) for k, v in ports.items()}, LOG_DIR=str(logs))
    env.pop("ACTION_SERVER_URL", None)
    sup = Process(
        "supervisor",
        [sys.executable, str(ROOT / "scripts" / "run_assistant.py")],
        env,
        tmp_path / "supervisor.log",
        ROOT,
    ).start()
    pids = []
    try:
        _wait_for(sup, "The assistant is running", 400)
        pids = [int(p) for p in re.findall(r"is up \(\d+s, pid (\d+)", sup.log.read_text())]
        assert len(pids) == 3, sup.tail()
        actions_pid, rasa_pid = pids[0], pids[1]
        assert stat.S_IMODE(logs.stat().st_mode) == 0o700
        assert stat.S_IMODE((logs / "rasa.log").stat().st_mode) == 0o600
        # Sanic's own limit (100 MB by default) comes from defaults.env, for Rasa only
        assert _environ(rasa_pid)["SANIC_REQUEST_MAX_SIZE"] == str(sanic_request_max_size())
        assert "SANIC_REQUEST_MAX_SIZE" not in _environ(actions_pid)
        assert "43" in _ask(ports["RASA_PORT"], STATS)

        os.kill(actions_pid, signal.SIGKILL)
        _wait_for(sup, r"action server stopped unexpectedly \(exit -9\); restarting in 1s", 30)
        assert "999" in _ask(ports["RASA_PORT"], EMERGENCY)  # the signposts never went down
        _wait_for(sup, "action server restarted", 120)
        new_actions_pid = int(re.findall(r"action server is up \(\d+s, pid (\d+)", sup.log.read_text())[-1])
        assert new_actions_pid != actions_pid
        pids.append(new_actions_pid)
        deadline = time.monotonic() + 30
        while "43" not in _ask(ports["RASA_PORT"], STATS):  # the figures are back
            assert time.monotonic() < deadline, "figures not back after the restart"
            time.sleep(1)
        assert sup.alive()

        os.kill(sup.pid, signal.SIGINT)  # Ctrl-C
        sup.popen.wait(60)
        assert sup.returncode == 0, sup.tail()
        assert "Stopping" in sup.log.read_text()
        left = [pid for pid in pids if group_alive(pid)]
        assert left == [], f"process groups still running: {left}"
    finally:
        sup.stop()
        for pid in pids:
            try:
                os.killpg(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


def test_repeated_crashes_stop_the_assistant(tmp_path, monkeypatch):
    from scripts import run_assistant
    from scripts.processes import ProcessError

    said = []
    monkeypatch.setattr(run_assistant, "say", said.append)
    monkeypatch.setattr(run_assistant, "pause", lambda s: said.append(f"slept {s}"))
    crasher = run_assistant.Supervised(
        "crasher",
        lambda: Process("crasher", [sys.executable, "-c", "raise SystemExit(3)"], log=tmp_path / "c.log"),
        lambda: True,
        10,
    )
    crasher.process = Process(
        "crasher", [sys.executable, "-c", "raise SystemExit(3)"], log=tmp_path / "c.log"
    )
    crasher.process.start().popen.wait(10)
    with pytest.raises(ProcessError, match="crashed 5 times within 60s"):
        for _ in range(run_assistant.MAX_CRASHES):
            crasher.restart_after_crash()
            crasher.process.popen.wait(10)
    assert [s for s in said if s.startswith("slept")] == ["slept 1", "slept 2", "slept 4", "slept 8"]
