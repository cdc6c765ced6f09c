#!/usr/bin/env python
"""The production profile on one machine: Redis, N action servers, N Rasa
replicas and nginx, all on loopback ports, started and stopped together.

Used by `make run-prod` (mk/prod.mk), by the tests in tests/prod/ and by the
load benchmark (bench/load/), so what is tested is what runs.

    python deploy/stack.py up                   # 2 replicas, nginx on 127.0.0.1:8088
    python deploy/stack.py up --replicas 3 --public-port 9000
    python deploy/stack.py up --check           # start, send one message, stop

Prometheus (loopback, PROD_PROMETHEUS_PORT) scrapes every replica's and action server's /metrics
and evaluates deploy/prometheus/alerts.yml (deploy/monitoring.py).
Everything a run writes (configs, Redis data, Prometheus storage, logs) goes to one private (0700) run directory
(default results/tmp/prod-run), removed at stop unless --keep: it holds conversations
(Redis data) and logs. Defaults: defaults.env (PROD_*). Secrets come from the
environment: REDIS_PASSWORD (Rasa's Redis user REDIS_USERNAME), REDIS_ADMIN_PASSWORD (the
operator's user); a random one is made for a local run if unset.
Needs: redis-server, nginx and prometheus (Debian: apt-get install redis-server nginx prometheus).
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict, List, Optional

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from addons import settings  # noqa: E402
from addons.insights_settings import kept_text_days  # noqa: E402
from deploy.config import DEPLOY, StackConfig, StackError, find_binary, nginx_conf, redis_conf  # noqa: E402,F401
from deploy.eventstore import EventStore, widget_pages  # noqa: E402
from deploy.monitoring import prometheus_process, prometheus_ready, prometheus_url  # noqa: E402
from scripts.processes import Process, ProcessError, free_port, http_ok, private_dir  # noqa: E402,F401
from scripts.servers import action_server_cmd, rasa_env, rasa_ready, rasa_server_cmd, server_env  # noqa: E402

MARKER = ".act-prod-run"
ADMIN_USER = "operator"
Proc = Process  # the name tests/prod used before the process module


class Stack:
    """Start/stop the whole profile; single pieces can be killed and restarted."""

    def __init__(self, cfg: StackConfig, keep: bool = False) -> None:
        cfg.fill_defaults()
        self.cfg = cfg
        self.keep = keep
        self.run_dir = private_dir(Path(cfg.run_dir or tempfile.mkdtemp(prefix="act-prod-")))
        cfg.run_dir = self.run_dir
        self.log_dir = private_dir(self.run_dir / "logs")
        self.data_dir = private_dir(self.run_dir / "redis-data")
        (self.run_dir / MARKER).write_text("run directory of deploy/stack.py; safe to delete\n")
        self.username = settings.get("REDIS_USERNAME")
        self.password = cfg.redis_password or os.environ.get("REDIS_PASSWORD") or secrets.token_urlsafe(24)
        self.admin_password = os.environ.get("REDIS_ADMIN_PASSWORD") or secrets.token_urlsafe(24)
        self.redis: Optional[Process] = None
        self.nginx: Optional[Process] = None
        self.prometheus: Optional[Process] = None
        self.actions: List[Process] = []
        self.rasa: List[Process] = []
        self.events = EventStore(self.run_dir, self.log_dir, cfg.postgres_port)  # PostgreSQL event store

    # ------------------------------------------------------------------ urls
    @property
    def public_url(self) -> str:
        return f"http://{self.cfg.host}:{self.cfg.public_port}"

    @property
    def webhook(self) -> str:
        return f"{self.public_url}/webhooks/rest/webhook"

    def replica_url(self, i: int) -> str:
        return f"http://127.0.0.1:{self.cfg.rasa_ports[i]}"

    def replica_webhook(self, i: int) -> str:
        return f"{self.replica_url(i)}/webhooks/rest/webhook"

    def env(self) -> Dict[str, str]:
        return server_env(
            f"http://127.0.0.1:{self.cfg.actions_lb_port}/webhook",
            dict(
                REDIS_HOST="127.0.0.1",
                REDIS_PORT=str(self.cfg.redis_port),
                REDIS_USERNAME=self.username,
                REDIS_PASSWORD=self.password,
                REDIS_TRACKER_DB="0",
                REDIS_LOCK_DB="1",
                CONVERSATION_TTL_SECONDS=str(int(self.cfg.conversation_ttl_s)),
                **self.events.env(),
                **self.cfg.extra_env,
            ),
        )

    def redis_client(self, db: int = 0, as_rasa: bool = False):
        """A client as the operator (every command), or with Rasa's restricted user."""
        import redis

        user, password = (self.username, self.password) if as_rasa else (ADMIN_USER, self.admin_password)
        return redis.Redis(
            host="127.0.0.1",
            port=self.cfg.redis_port,
            username=user,
            password=password,
            db=db,
            socket_timeout=5,
            decode_responses=False,
        )

    # --------------------------------------------------------------- pieces
    def _put(self, procs: List[Process], i: int, p: Process) -> Process:
        procs[i : i + 1] = [p]
        return p

    def start_redis(self, wait: bool = True) -> Process:
        conf = self.run_dir / "redis.conf"
        conf.touch(mode=0o600)
        conf.chmod(0o600)  # it holds the passwords
        conf.write_text(
            redis_conf(
                self.cfg,
                self.data_dir,
                self.log_dir,
                dict(
                    RASA_USER=self.username,
                    RASA_PASSWORD=self.password,
                    ADMIN_USER=ADMIN_USER,
                    ADMIN_PASSWORD=self.admin_password,
                ),
            )
        )
        self.redis = Process(
            "redis", [find_binary("redis-server"), conf], self.env(), self.log_dir / "redis.out"
        ).start()
        if wait:
            self.redis.wait_ready(lambda: bool(self.redis_client().ping()), 30)
        return self.redis

    def start_action_server(self, i: int, wait: bool = True) -> Process:
        port = self.cfg.action_ports[i]
        p = self._put(
            self.actions,
            i,
            Process(
                f"actions-{i}",
                action_server_cmd(port, self.cfg.action_metrics_ports[i]),
                self.env(),
                self.log_dir / f"actions-{i}.log",
                ROOT,
            ).start(),
        )
        if wait:
            p.wait_ready(http_ok(f"http://127.0.0.1:{port}/health"), 180)
        return p

    def rasa_cmd(self, i: int) -> List[str]:
        cfg = self.cfg
        extra = ["--log-file", str(self.log_dir / f"rasa-{i}.logfile")] + (
            ["--debug"] if cfg.debug_logs else []
        )
        return rasa_server_cmd(
            cfg.rasa_ports[i], cfg.model, cfg.cors, cfg.endpoints, cfg.credentials, extra=extra
        )

    def start_replica(self, i: int, wait: bool = True) -> Process:
        p = self._put(
            self.rasa,
            i,
            Process(
                f"rasa-{i}",
                self.rasa_cmd(i),
                rasa_env({**self.env(), "RASA_METRICS_PORT": str(self.cfg.rasa_metrics_ports[i])}),
                self.log_dir / f"rasa-{i}.log",
                ROOT,
            ).start(),
        )
        if wait:
            self.wait_replica(i)
        return p

    def wait_replica(self, i: int, timeout: float = 300) -> None:
        self.rasa[i].wait_ready(rasa_ready(self.cfg.rasa_ports[i]), timeout)

    def start_nginx(self, wait: bool = True) -> Process:
        binary = find_binary("nginx")
        for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            private_dir(self.run_dir / sub)
        web_root = Path(self.cfg.web_root)
        if not web_root.is_dir():
            web_root = self.run_dir / "www"
            web_root.mkdir(exist_ok=True)
        web_root = widget_pages(
            web_root, self.run_dir / "www-kept", kept_text_days(self.env())
        )  # privacy line
        headers = self.run_dir / "security_headers.conf"
        shutil.copyfile(DEPLOY / "nginx" / "security_headers.conf", headers)
        conf = self.run_dir / "nginx.conf"
        conf.write_text(nginx_conf(self.cfg, self.run_dir, self.log_dir, headers, web_root))
        base = [binary, "-p", str(self.run_dir), "-c", str(conf), "-e", str(self.log_dir / "nginx-error.log")]
        check = subprocess.run(
            base + ["-t"], capture_output=True, text=True, umask=0o077
        )  # it creates the logs
        if check.returncode != 0:
            raise StackError(f"nginx config test failed:\n{check.stderr}")
        self.nginx = Process("nginx", base, self.env(), self.log_dir / "nginx.out").start()
        if wait:
            self.nginx.wait_ready(http_ok(f"{self.public_url}/healthz"), 30)
        return self.nginx

    def start_prometheus(self, wait: bool = True) -> Process:
        self.prometheus = prometheus_process(self.cfg, self.run_dir, self.log_dir, self.env()).start()
        if wait:
            self.prometheus.wait_ready(prometheus_ready(self.cfg), 60)
        return self.prometheus

    # ---------------------------------------------------------------- whole
    def start(self) -> "Stack":
        cfg = self.cfg
        if not Path(cfg.model).exists():
            raise StackError(f"model {cfg.model} not found: run `make train` first")
        try:
            self.start_redis()
            self.events.start()
            self.start_prometheus(wait=False)
            for i in range(len(cfg.action_ports)):
                self.start_action_server(i, wait=False)
            for i in range(cfg.replicas):
                self.start_replica(i, wait=False)
            for i, p in enumerate(self.actions):
                p.wait_ready(http_ok(f"http://127.0.0.1:{cfg.action_ports[i]}/health"), 180)
            for i in range(cfg.replicas):
                self.wait_replica(i)
            self.start_nginx()
            self.prometheus.wait_ready(prometheus_ready(cfg), 60)
        except ProcessError as error:
            self.stop()
            raise StackError(str(error)) from None
        except BaseException:
            self.stop()
            raise
        return self

    def procs(self) -> List[Process]:
        return [
            p
            for p in [self.prometheus, self.nginx, *self.rasa, *self.actions, self.redis, self.events.process]
            if p
        ]

    def stop(self) -> None:
        for p in self.procs():
            try:
                p.stop()
            except Exception:  # noqa: BLE001 (stop the others whatever happens)
                pass
        if not self.keep:
            shutil.rmtree(self.run_dir, ignore_errors=True)
            self.events.remove()

    def __enter__(self) -> "Stack":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def describe(self) -> str:
        c = self.cfg
        return "\n".join(
            [
                f"public (nginx):  {self.public_url}  (webhook {self.webhook})",
                *(f"rasa-{i}:          {self.replica_url(i)} (pid {p.pid})" for i, p in enumerate(self.rasa)),
                *(
                    f"actions-{i}:       http://127.0.0.1:{c.action_ports[i]} (pid {p.pid})"
                    for i, p in enumerate(self.actions)
                ),
                f"actions via nginx: http://127.0.0.1:{c.actions_lb_port}/webhook",
                f"metrics:         replicas 127.0.0.1:{c.rasa_metrics_ports}, action servers "
                f"127.0.0.1:{c.action_metrics_ports} (/metrics)",
                f"prometheus:      {prometheus_url(c)} (alerts: {prometheus_url(c)}/alerts)",
                f"redis:           127.0.0.1:{c.redis_port} (user {self.username}: password from REDIS_PASSWORD "
                "or generated)",
                f"event store:     PostgreSQL 127.0.0.1:{c.postgres_port}, database act (make insights INSIGHTS_DB=postgresql://act:<INSIGHTS_DB_PASSWORD>@127.0.0.1:{c.postgres_port}/act)",
                f"run dir / logs:  {self.run_dir} / {self.log_dir}",
            ]
        )


if __name__ == "__main__":
    from deploy.cli import main

    sys.exit(main())
