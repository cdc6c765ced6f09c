"""`python deploy/stack.py up [...]` (`make run-prod`, `make prod-check`): the command line of the stack.
Every default comes from defaults.env (PROD_*); an environment variable of the same name overrides it."""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import List, Optional

from addons import settings
from deploy.stack import MARKER, ROOT, Stack, StackConfig, StackError

DEFAULT_RUN_DIR = ROOT / "results" / "tmp" / "prod-run"


def parser() -> argparse.ArgumentParser:
    from deploy import stack

    get, num = settings.get, settings.get_int
    ap = argparse.ArgumentParser(
        prog="deploy/stack.py",
        description=stack.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("command", choices=["up"])
    ap.add_argument("--replicas", type=int, default=num("PROD_REPLICAS"))
    ap.add_argument("--action-servers", type=int, default=None, help="default: as many as replicas")
    ap.add_argument("--host", default=get("PROD_HOST"))
    ap.add_argument("--public-port", type=int, default=num("PROD_PORT"))
    ap.add_argument("--rasa-base-port", type=int, default=num("PROD_RASA_BASE_PORT"))
    ap.add_argument("--actions-base-port", type=int, default=num("PROD_ACTIONS_BASE_PORT"))
    ap.add_argument("--actions-lb-port", type=int, default=num("PROD_ACTIONS_LB_PORT"))
    ap.add_argument("--redis-port", type=int, default=num("PROD_REDIS_PORT"))
    ap.add_argument("--postgres-port", type=int, default=num("PROD_POSTGRES_PORT"), help="the event store")
    ap.add_argument("--rasa-metrics-base-port", type=int, default=num("PROD_RASA_METRICS_BASE_PORT"))
    ap.add_argument("--actions-metrics-base-port", type=int, default=num("PROD_ACTIONS_METRICS_BASE_PORT"))
    ap.add_argument("--prometheus-port", type=int, default=num("PROD_PROMETHEUS_PORT"))
    ap.add_argument(
        "--prometheus-interval", default=get("PROD_PROMETHEUS_INTERVAL"), help="scrape and rule evaluation"
    )
    ap.add_argument("--model", default=str(ROOT / "models" / "act-signpost.tar.gz"))
    ap.add_argument("--credentials", default=str(ROOT / "credentials.yml"))
    ap.add_argument("--endpoints", default=str(ROOT / "endpoints.prod.yml"))
    ap.add_argument("--ttl", type=int, default=num("CONVERSATION_TTL_SECONDS"))
    ap.add_argument("--cors", nargs="*", default=[], help="page origins allowed to call the replicas")
    ap.add_argument("--rate", default=get("PROD_RATE"), help="nginx per-client rate, e.g. 10r/s")
    ap.add_argument("--burst", type=int, default=num("PROD_BURST"))
    ap.add_argument("--max-body", type=int, default=num("MAX_BODY_BYTES"), help="nginx body limit, bytes")
    ap.add_argument(
        "--trusted-proxies",
        nargs="*",
        default=get("PROD_TRUSTED_PROXIES").split(),
        help="CIDRs of proxies in front of nginx whose X-Forwarded-For is believed",
    )
    ap.add_argument("--run-dir", default=str(DEFAULT_RUN_DIR))
    ap.add_argument(
        "--keep", action="store_true", help="keep the run directory (logs, Redis and Prometheus data) at stop"
    )
    ap.add_argument("--check", action="store_true", help="start, send one message through nginx, stop")
    return ap


def stack_from_args(a: argparse.Namespace) -> Stack:
    run_dir = Path(a.run_dir)
    if run_dir.exists() and any(run_dir.iterdir()):
        if not (run_dir / MARKER).exists():
            raise StackError(f"{run_dir} is not empty and is not a previous run directory")
        shutil.rmtree(run_dir)  # the previous run's logs and data
    cfg = StackConfig(
        replicas=a.replicas,
        action_servers=a.action_servers,
        host=a.host,
        public_port=a.public_port,
        rasa_ports=[a.rasa_base_port + i for i in range(a.replicas)],
        action_ports=[a.actions_base_port + i for i in range(a.action_servers or a.replicas)],
        actions_lb_port=a.actions_lb_port,
        redis_port=a.redis_port,
        postgres_port=a.postgres_port,
        rasa_metrics_ports=[a.rasa_metrics_base_port + i for i in range(a.replicas)],
        action_metrics_ports=[a.actions_metrics_base_port + i for i in range(a.action_servers or a.replicas)],
        prometheus_port=a.prometheus_port,
        prometheus_interval=a.prometheus_interval,
        model=Path(a.model),
        credentials=Path(a.credentials),
        endpoints=Path(a.endpoints),
        run_dir=run_dir,
        conversation_ttl_s=a.ttl,
        cors=a.cors,
        nginx_rate=a.rate,
        nginx_burst=a.burst,
        max_body_bytes=a.max_body,
        trusted_proxies=a.trusted_proxies,
    )
    return Stack(cfg, keep=a.keep)  # as the docstring says: removed at stop unless --keep


def _post(url: str, payload: dict, timeout: float = 30) -> tuple:
    req = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:  # noqa: S310 (loopback only)
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def main(argv: Optional[List[str]] = None) -> int:
    a = parser().parse_args(argv)
    try:
        stack = stack_from_args(a)
    except StackError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    stopping = {"flag": False}

    def on_signal(signum, frame):  # noqa: ARG001
        stopping["flag"] = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    print(f"==> Starting the production profile ({a.replicas} replicas) in {stack.run_dir}", flush=True)
    try:
        stack.start()
    except StackError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(stack.describe(), flush=True)
    try:
        if a.check:
            status, reply = _post(stack.webhook, {"sender": str(uuid.uuid4()), "message": "hello"})
            print(f"check: HTTP {status}: {reply}")
            return 0 if status == 200 and reply else 1
        print("Press Ctrl-C to stop.", flush=True)
        while not stopping["flag"]:
            dead = [p.name for p in stack.procs() if not p.alive()]
            if dead:
                print(f"error: stopped unexpectedly: {', '.join(dead)}; see {stack.log_dir}", file=sys.stderr)
                return 1
            time.sleep(1)
        return 0
    finally:
        print(
            "==> Stopping" + ("" if a.keep else f" (removing {stack.run_dir}; --keep keeps it)"), flush=True
        )
        stack.stop()
