"""scripts/processes.py: the one module that starts, waits for, measures and stops processes."""

import socket
import stat
import sys
import time

import pytest

from scripts.processes import Process, ProcessError, free_port, group_alive, http_ok, private_dir, tcp_open

SLEEPER_WITH_CHILD = [
    sys.executable,
    "-c",
    "import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', "
    "'import time; time.sleep(120)']); print('started', flush=True); time.sleep(120)",
]


def test_free_port_is_free_and_bindable():
    port = free_port()
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))


def test_logs_and_their_folders_are_private_even_if_the_folder_existed(tmp_path):
    logs = tmp_path / "logs"
    logs.mkdir(mode=0o755)
    logs.chmod(0o755)
    p = Process("echo", [sys.executable, "-c", "print('hello')"], log=logs / "echo.log").start()
    p.popen.wait(30)
    assert stat.S_IMODE(logs.stat().st_mode) == 0o700
    assert stat.S_IMODE((logs / "echo.log").stat().st_mode) == 0o600
    assert "hello" in p.tail()
    assert stat.S_IMODE(private_dir(tmp_path / "a" / "b").stat().st_mode) == 0o700


def test_a_shared_folder_like_tmp_is_never_made_private(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # as /tmp: closing it would lock out other users (PostgreSQL's, for one)
    with pytest.raises(ValueError, match="shared folder"):
        Process("echo", [sys.executable, "-c", "print('hi')"], log=shared / "echo.log").start()
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777


def test_stop_ends_the_whole_process_group_children_included(tmp_path):
    p = Process("sleeper", SLEEPER_WITH_CHILD, log=tmp_path / "s.log").start()
    p.wait_ready(lambda: "started" in p.tail(), 30)
    assert p.rss_kb() > 0
    time.sleep(0.5)
    assert group_alive(p.pid)
    p.stop(timeout=5)
    assert not p.alive() and not group_alive(p.pid)


def test_stop_kills_a_process_that_ignores_sigterm(tmp_path):
    code = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('up', flush=True); time.sleep(60)"
    p = Process("stubborn", [sys.executable, "-c", code], log=tmp_path / "st.log").start()
    p.wait_ready(lambda: "up" in p.tail(), 30)
    started = time.monotonic()
    p.stop(timeout=1)
    assert not p.alive() and time.monotonic() - started < 10


def test_wait_ready_names_the_log_when_the_process_dies(tmp_path):
    p = Process(
        "crasher", [sys.executable, "-c", "raise SystemExit('broken config')"], log=tmp_path / "c.log"
    ).start()
    with pytest.raises(ProcessError, match="crasher exited with 1.*c.log"):
        p.wait_ready(lambda: False, 30)


def test_wait_ready_gives_up_with_progress_lines(tmp_path):
    p = Process("slow", [sys.executable, "-c", "import time; time.sleep(60)"], log=tmp_path / "w.log").start()
    said = []
    try:
        with pytest.raises(ProcessError, match="slow not ready after 2s"):
            p.wait_ready(tcp_open(free_port()), timeout=2, progress_every=0.5, say=said.append)
    finally:
        p.stop()
    assert said and all("still starting slow" in line for line in said)


def test_http_check_is_false_until_a_server_answers(tmp_path):
    port = free_port()
    check = http_ok(f"http://127.0.0.1:{port}/")
    with pytest.raises(OSError):
        check()
    p = Process(
        "http",
        [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)],
        log=tmp_path / "h.log",
        cwd=tmp_path,
    ).start()
    try:
        assert p.wait_ready(check, 30) < 30
    finally:
        p.stop()
