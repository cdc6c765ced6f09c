"""Helpers for tests/prod: the production profile, started for real by the tests: Redis, two action
servers, two Rasa replicas (the project's trained model, credentials.yml,
endpoints.prod.yml) and nginx, each on a free loopback port with its own temp
config/data/log directory (deploy/stack.py, the same code `make run-prod` uses).

Nothing is skipped: a missing redis-server/nginx binary or model fails with a
message that says what to install or run.
"""

import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List

import pytest
import requests

from addons import settings
from deploy.stack import ROOT, Stack, StackConfig, StackError, find_binary  # noqa: F401
from scripts.processes import Process

PAGE_ORIGIN = f"http://localhost:{settings.get_int('TEST_WEB_PORT')}"


def new_sender() -> str:
    """A random UUID-shaped id of the letters a-f only (the channel accepts only UUIDs), so it can
    never look like a needle of the privacy test."""
    letters = "".join("abcdef"[b % 6] for b in uuid.uuid4().bytes + uuid.uuid4().bytes)
    return "-".join(letters[i:j] for i, j in ((0, 8), (8, 12), (12, 16), (16, 20), (20, 32)))


def send(url: str, message: str, sender: str, timeout: float = 40) -> requests.Response:
    return requests.post(url, json={"sender": sender, "message": message}, timeout=timeout)


def text_of(response: requests.Response) -> str:
    assert response.status_code == 200, (response.status_code, response.text[:300])
    return "\n".join(m.get("text", "") for m in response.json())


def fallback_text() -> str:
    from rasa.shared.core.domain import Domain

    from addons.channel.hygiene import domain_response

    return domain_response(Domain.load(str(ROOT / "domain.yml")), "utter_service_unavailable")["text"]


def check_credentials_use_safe_channel() -> None:
    from rasa.shared.utils.io import read_yaml_file

    creds = read_yaml_file(ROOT / "credentials.yml") or {}
    if "addons.channel.SafeRestInput" not in creds or "rest" in creds:
        pytest.fail(
            "credentials.yml must configure `addons.channel.SafeRestInput:` and not `rest:` "
            f"(found: {sorted(creds)})"
        )


def started(stack: Stack) -> Stack:
    """The stack, started; or the test fails with the reason (and nothing is left running)."""
    try:
        stack.start()
    except StackError as e:
        stack.stop()
        pytest.fail(str(e))
    return stack


def wait_served(stack, timeout: float = 60) -> None:
    """Every replica answers a normal message (Redis connections re-established)."""
    deadline = time.monotonic() + timeout
    for i in range(len(stack.rasa)):
        while True:
            try:
                r = send(stack.replica_webhook(i), "hello", new_sender(), timeout=20)
                if r.status_code == 200 and fallback_text() not in text_of(r):
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"replica {i} does not serve normally; see {stack.log_dir}")
            time.sleep(0.5)


def tracker_user_texts(stack, sender: str) -> List[str]:
    """The user messages stored in Redis for this conversation."""
    import json

    raw = stack.redis_client(0).get(f"act:tracker:{sender}")
    assert raw is not None, f"no tracker for {sender} in Redis"
    events = json.loads(raw)["events"]
    return [e.get("text") for e in events if e.get("event") == "user"]


def wait_actions_via_nginx(stack, timeout: float = 20) -> float:
    """Seconds until nginx passes requests to every action server again (after a
    failure nginx skips a server for fail_timeout, 3 s)."""
    started = time.monotonic()
    url = f"http://127.0.0.1:{stack.cfg.actions_lb_port}/health"
    ok_in_a_row = 0
    while time.monotonic() - started < timeout:
        try:
            ok_in_a_row = ok_in_a_row + 1 if requests.get(url, timeout=5).status_code == 200 else 0
        except requests.RequestException:
            ok_in_a_row = 0
        if ok_in_a_row >= 2 * len(stack.actions):
            return time.monotonic() - started
        time.sleep(0.25)
    raise AssertionError(f"action servers not reachable through nginx after {timeout}s")


@contextmanager
def slow_action_servers(stack, log_dir: Path, delay_s: int = 60) -> Iterator[None]:
    """Every action server replaced by one that answers after ``delay_s``; the real ones come back after."""
    for p in stack.actions:
        p.stop()
    slow = []
    try:
        for i, port in enumerate(stack.cfg.action_ports):
            cmd = [
                sys.executable,
                str(Path(__file__).with_name("slow_action_server.py")),
                str(port),
                str(delay_s),
            ]
            slow.append(Process(f"slow-actions-{i}", cmd, stack.env(), log_dir / f"slow-{i}.log").start())
        wait_actions_via_nginx(stack)
        yield
    finally:
        for p in slow:
            p.kill()
        for i in range(len(stack.actions)):
            stack.start_action_server(i)
        wait_actions_via_nginx(stack)
