"""Fixtures for tests/prod: one production profile (deploy/stack.py) per test session."""

import os

import pytest

from tests.prod.prodkit import (
    PAGE_ORIGIN,
    ROOT,
    Stack,
    StackConfig,
    StackError,
    check_credentials_use_safe_channel,
    find_binary,
    started,
    wait_actions_via_nginx,
    wait_served,
)


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    """The whole production profile, shared by every test in tests/prod/."""
    for binary in ("redis-server", "nginx", "prometheus"):
        try:
            find_binary(binary)
        except StackError as e:
            pytest.fail(str(e))
    model = ROOT / "models" / "act-signpost.tar.gz"
    if not model.exists():
        pytest.fail(f"{model} is missing: run `make train` first")
    check_credentials_use_safe_channel()
    cfg = StackConfig.with_free_ports(
        replicas=2,
        model=model,
        run_dir=tmp_path_factory.mktemp("prod-run"),
        cors=[PAGE_ORIGIN],
        conversation_ttl_s=1800,
        nginx_rate="50r/s",  # tests all come from 127.0.0.1; the flood test exceeds this
        nginx_burst=100,
        debug_logs=True,  # most logging Rasa can do: the privacy test searches it all
        prometheus_interval="1s",  # alerts fire within a minute (tests/prod/test_metrics.py)
    )
    s = started(Stack(cfg, keep=bool(os.environ.get("KEEP_PROD_RUN"))))
    yield s
    s.stop()


@pytest.fixture
def healthy(stack):
    """The stack with every piece running (a test before may have killed one)."""
    if stack.redis and not stack.redis.alive():
        stack.start_redis()
    restarted = False
    for i, p in enumerate(stack.actions):
        if not p.alive():
            stack.start_action_server(i)
            restarted = True
    if restarted:
        wait_actions_via_nginx(stack)
    for i, p in enumerate(stack.rasa):
        if not p.alive():
            stack.start_replica(i)
    if stack.nginx and not stack.nginx.alive():
        stack.start_nginx()
    if stack.prometheus and not stack.prometheus.alive():
        stack.start_prometheus()
    wait_served(stack)
    return stack
