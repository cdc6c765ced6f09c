"""Prometheus for the production profile: it scrapes every Rasa replica and action server on
loopback and evaluates deploy/prometheus/alerts.yml. Its storage is in the run folder (0700,
removed at stop unless --keep). Needs Debian's `prometheus` (/usr/bin/prometheus)."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Dict, List

from deploy.config import DEPLOY, StackConfig, StackError, find_binary, render
from scripts.processes import Process, http_ok, private_dir

PROMETHEUS_DIR = DEPLOY / "prometheus"
ALERTS = PROMETHEUS_DIR / "alerts.yml"
_DURATION = re.compile(r"^(\d+)(ms|s|m|h)$")
_UNIT_S = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}
MAX_SCRAPE_TIMEOUT_S = 10


def duration_s(text: str) -> float:
    """Seconds of a Prometheus duration such as ``15s`` or ``1m``."""
    match = _DURATION.match(str(text).strip())
    if not match or int(match.group(1)) == 0:
        raise StackError(f"Prometheus interval must look like 1s, 15s or 1m, got {text!r}")
    return int(match.group(1)) * _UNIT_S[match.group(2)]


def prometheus_conf(cfg: StackConfig, alerts: Path = ALERTS) -> str:
    def targets(ports: List[int]) -> str:
        return ", ".join(f"'127.0.0.1:{p}'" for p in ports)

    interval = duration_s(cfg.prometheus_interval)
    timeout = f"{int(min(interval, MAX_SCRAPE_TIMEOUT_S) * 1000)}ms"
    return render(
        PROMETHEUS_DIR / "prometheus.yml.template",
        dict(
            INTERVAL=cfg.prometheus_interval,
            TIMEOUT=timeout,
            ALERTS=alerts,
            RASA_TARGETS=targets(cfg.rasa_metrics_ports),
            ACTION_TARGETS=targets(cfg.action_metrics_ports),
        ),
    )


def prometheus_process(cfg: StackConfig, run_dir: Path, log_dir: Path, env: Dict[str, str]) -> Process:
    conf = run_dir / "prometheus.yml"
    conf.write_text(prometheus_conf(cfg))
    data = private_dir(run_dir / "prometheus-data")
    cmd = [
        find_binary("prometheus"),
        f"--config.file={conf}",
        f"--storage.tsdb.path={data}",
        f"--web.listen-address=127.0.0.1:{cfg.prometheus_port}",
        # a plain WAL: a privacy audit can search the stored labels (a few small series)
        "--no-storage.tsdb.wal-compression",
        "--log.level=warn",
    ]
    return Process("prometheus", cmd, env, log_dir / "prometheus.log")


def prometheus_url(cfg: StackConfig) -> str:
    return f"http://127.0.0.1:{cfg.prometheus_port}"


def prometheus_ready(cfg: StackConfig):
    return http_ok(f"{prometheus_url(cfg)}/-/ready")


def prometheus_api(cfg: StackConfig, path: str, **params: Any) -> Any:
    """``data`` of a Prometheus HTTP API answer, e.g. ``prometheus_api(cfg, "query", query="up")``."""
    query = f"?{urllib.parse.urlencode(params)}" if params else ""
    url = f"{prometheus_url(cfg)}/api/v1/{path}{query}"
    with urllib.request.urlopen(url, timeout=10) as r:  # noqa: S310 (loopback only)
        body = json.loads(r.read())
    if body.get("status") != "success":
        raise StackError(f"Prometheus {path}: {body}")
    return body["data"]
