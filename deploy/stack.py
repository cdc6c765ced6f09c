#!/usr/bin/env python
"""The production profile on one machine: Redis, N action servers, N Rasa
replicas and nginx, all on loopback ports, started and stopped together.

Used by `make run-prod` (mk/prod.mk), by the tests in tests/prod/ and by the
load benchmark (bench/load/), so what is tested is what runs.

    python deploy/stack.py up                   # 2 replicas, nginx on 127.0.0.1:8088
    python deploy/stack.py up --replicas 3 --public-port 9000
    python deploy/stack.py up --check           # start, send one message, stop

Everything a run writes (configs, Redis data, logs) goes to one run directory
(default results/tmp/prod-run, removed at stop unless --keep). Secrets come from
the environment: REDIS_PASSWORD (a random one is made for a local run if unset).
Needs: redis-server and nginx on PATH (Debian: apt-get install redis-server nginx).
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
DEFAULT_MODEL = ROOT / "models" / "act-signpost.tar.gz"
MARKER = ".act-prod-run"


class StackError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_binary(name: str, extra_dirs: tuple = ("/usr/sbin", "/usr/local/sbin", "/sbin")) -> str:
    found = shutil.which(name)
    if not found:
        for d in extra_dirs:
            if (Path(d) / name).exists():
                found = str(Path(d) / name)
                break
    if not found:
        raise StackError(
            f"'{name}' is not installed. Install it from Debian's packages: "
            f"apt-get update && apt-get install -y redis-server nginx"
        )
    return found


def http_get(url: str, timeout: float = 2.0) -> int:
    import urllib.request

    with urllib.request.urlopen(url, timeout=timeout) as r:  # noqa: S310 (loopback only)
        return r.status


def render(template: Path, values: Dict[str, str]) -> str:
    text = template.read_text()
    for k, v in values.items():
        text = text.replace(f"@@{k}@@", str(v))
    if "@@" in text:
        missing = sorted({p.split("@@")[0] for p in text.split("@@")[1::2]})
        raise StackError(f"{template}: placeholders left unrendered: {missing}")
    return text


@dataclass
class Proc:
    name: str
    cmd: List[str]
    env: Dict[str, str]
    log: Path
    cwd: Path = ROOT
    popen: Optional[subprocess.Popen] = None

    def start(self) -> "Proc":
        self.log.parent.mkdir(parents=True, exist_ok=True)
        out = open(self.log, "ab")
        self.popen = subprocess.Popen(
            self.cmd,
            cwd=self.cwd,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: stop() ends its children too
        )
        out.close()
        return self

    @property
    def pid(self) -> Optional[int]:
        return self.popen.pid if self.popen else None

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def signal(self, sig: int) -> None:
        if self.alive():
            try:
                os.killpg(self.popen.pid, sig)  # the group we created for it
            except ProcessLookupError:
                pass

    def stop(self, timeout: float = 20.0) -> None:
        if not self.popen:
            return
        self.signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.popen.wait(10)

    def kill(self) -> None:
        """SIGKILL, as a crash would."""
        self.signal(signal.SIGKILL)
        if self.popen:
            self.popen.wait(10)

    def tail(self, n: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def rss_kb(self) -> int:
        """Resident memory of the process and its descendants."""
        if not self.alive():
            return 0
        pids = [self.popen.pid]
        total = 0
        seen = set()
        while pids:
            pid = pids.pop()
            if pid in seen:
                continue
            seen.add(pid)
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
                pids.extend(int(c) for c in children)
            except OSError:
                pass
        return total


@dataclass
class StackConfig:
    replicas: int = 2
    action_servers: Optional[int] = None  # default: same as replicas
    host: str = "127.0.0.1"
    public_port: int = 8088
    rasa_ports: List[int] = field(default_factory=list)
    action_ports: List[int] = field(default_factory=list)
    actions_lb_port: int = 0
    redis_port: int = 0
    model: Path = DEFAULT_MODEL
    credentials: Path = ROOT / "credentials.yml"
    endpoints: Path = ROOT / "endpoints.prod.yml"
    run_dir: Optional[Path] = None
    python: str = sys.executable
    redis_password: Optional[str] = None
    conversation_ttl_s: int = 1800
    cors: List[str] = field(default_factory=list)
    nginx_rate: str = "10r/s"
    nginx_burst: int = 20
    nginx_conn: int = 20
    nginx_workers: int = 1
    max_body: str = "64k"
    redis_maxmemory: str = "512mb"
    debug_logs: bool = False  # Rasa --debug (the privacy test uses it: most logging)
    web_root: Path = ROOT / "web" / "dist"
    extra_env: Dict[str, str] = field(default_factory=dict)

    @classmethod
    def with_free_ports(cls, **kw) -> "StackConfig":
        cfg = cls(**kw)
        n = cfg.replicas
        cfg.public_port = kw.get("public_port") or free_port()
        cfg.rasa_ports = kw.get("rasa_ports") or [free_port() for _ in range(n)]
        cfg.action_ports = kw.get("action_ports") or [
            free_port() for _ in range(cfg.action_servers or n)
        ]
        cfg.actions_lb_port = kw.get("actions_lb_port") or free_port()
        cfg.redis_port = kw.get("redis_port") or free_port()
        return cfg

    def fill_defaults(self) -> None:
        n = self.replicas
        if not self.rasa_ports:
            self.rasa_ports = [5205 + i for i in range(n)]
        if not self.action_ports:
            self.action_ports = [5255 + i for i in range(self.action_servers or n)]
        self.actions_lb_port = self.actions_lb_port or 5250
        self.redis_port = self.redis_port or 6380


class Stack:
    """Start/stop the whole profile; single pieces can be killed and restarted."""

    def __init__(self, cfg: StackConfig, keep: bool = False) -> None:
        cfg.fill_defaults()
        self.cfg = cfg
        self.keep = keep
        if cfg.run_dir is None:
            cfg.run_dir = Path(tempfile.mkdtemp(prefix="act-prod-"))
        self.run_dir = Path(cfg.run_dir)
        self.log_dir = self.run_dir / "logs"
        self.data_dir = self.run_dir / "redis-data"
        for d in (self.log_dir, self.data_dir):
            d.mkdir(parents=True, exist_ok=True)
        (self.run_dir / MARKER).write_text("run directory of deploy/stack.py; safe to delete\n")
        self.password = cfg.redis_password or os.environ.get("REDIS_PASSWORD") or secrets.token_urlsafe(24)
        self.redis: Optional[Proc] = None
        self.nginx: Optional[Proc] = None
        self.actions: List[Proc] = []
        self.rasa: List[Proc] = []

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
        env = dict(os.environ)
        env.update(
            REDIS_HOST="127.0.0.1",
            REDIS_PORT=str(self.cfg.redis_port),
            REDIS_PASSWORD=self.password,
            REDIS_TRACKER_DB="0",
            REDIS_LOCK_DB="1",
            CONVERSATION_TTL_SECONDS=str(int(self.cfg.conversation_ttl_s)),
            ACTION_SERVER_URL=f"http://127.0.0.1:{self.cfg.actions_lb_port}/webhook",
            RASA_TELEMETRY_ENABLED="false",
            SQLALCHEMY_SILENCE_UBER_WARNING="1",
            TF_CPP_MIN_LOG_LEVEL="2",
            PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
            SANIC_HOST="127.0.0.1",  # rasa_sdk binds here (its default is 0.0.0.0)
        )
        env.update(self.cfg.extra_env)
        return env

    def redis_client(self, db: int = 0):
        import redis

        return redis.Redis(
            host="127.0.0.1", port=self.cfg.redis_port, password=self.password, db=db,
            socket_timeout=5, decode_responses=False,
        )

    # --------------------------------------------------------------- pieces
    def start_redis(self, wait: bool = True) -> Proc:
        binary = find_binary("redis-server")
        conf = self.run_dir / "redis.conf"
        conf.write_text(
            render(
                DEPLOY / "redis" / "redis.conf.template",
                dict(
                    BIND="127.0.0.1",
                    PORT=self.cfg.redis_port,
                    PASSWORD=self.password,
                    DATA_DIR=self.data_dir,
                    LOG_DIR=self.log_dir,
                    MAXMEMORY=self.cfg.redis_maxmemory,
                ),
            )
        )
        conf.chmod(0o600)
        self.redis = Proc("redis", [binary, str(conf)], self.env(), self.log_dir / "redis.out").start()
        if wait:
            self._wait("redis", self.redis, self._redis_ready, 30)
        return self.redis

    def _redis_ready(self) -> bool:
        try:
            return bool(self.redis_client().ping())
        except Exception:
            return False

    def start_action_server(self, i: int, wait: bool = True) -> Proc:
        port = self.cfg.action_ports[i]
        cmd = [self.cfg.python, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)]
        p = Proc(f"actions-{i}", cmd, self.env(), self.log_dir / f"actions-{i}.log").start()
        if i < len(self.actions):
            self.actions[i] = p
        else:
            self.actions.append(p)
        if wait:
            self._wait(p.name, p, lambda: http_get(f"http://127.0.0.1:{port}/health") == 200, 120)
        return p

    def rasa_cmd(self, i: int) -> List[str]:
        cfg = self.cfg
        cmd = [
            cfg.python, "-m", "rasa", "run",
            "--model", str(cfg.model),
            "--endpoints", str(cfg.endpoints),
            "--credentials", str(cfg.credentials),
            "--interface", "127.0.0.1",
            "--port", str(cfg.rasa_ports[i]),
            "--log-file", str(self.log_dir / f"rasa-{i}.logfile"),
        ]
        if cfg.cors:
            cmd += ["--cors", *cfg.cors]
        if cfg.debug_logs:
            cmd.append("--debug")
        return cmd  # no --enable-api: the HTTP API stays off

    def start_replica(self, i: int, wait: bool = True) -> Proc:
        p = Proc(f"rasa-{i}", self.rasa_cmd(i), self.env(), self.log_dir / f"rasa-{i}.log").start()
        if i < len(self.rasa):
            self.rasa[i] = p
        else:
            self.rasa.append(p)
        if wait:
            self.wait_replica(i)
        return p

    def wait_replica(self, i: int, timeout: float = 300) -> None:
        url = f"{self.replica_url(i)}/webhooks/rest/"
        self._wait(self.rasa[i].name, self.rasa[i], lambda: http_get(url) == 200, timeout)

    def start_nginx(self, wait: bool = True) -> Proc:
        binary = find_binary("nginx")
        for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.run_dir / sub).mkdir(exist_ok=True)
        servers = lambda ports, extra: "\n".join(  # noqa: E731
            f"        server 127.0.0.1:{p} {extra};" for p in ports
        )
        conf = self.run_dir / "nginx.conf"
        web_root = self.cfg.web_root if Path(self.cfg.web_root).is_dir() else self.run_dir / "www"
        Path(web_root).mkdir(parents=True, exist_ok=True)
        conf.write_text(
            render(
                DEPLOY / "nginx" / "nginx.conf.template",
                dict(
                    WORKERS=self.cfg.nginx_workers,
                    RUN_DIR=self.run_dir,
                    LOG_DIR=self.log_dir,
                    LISTEN=f"{self.cfg.host}:{self.cfg.public_port}",
                    RASA_SERVERS=servers(self.cfg.rasa_ports, "max_fails=1 fail_timeout=3s"),
                    ACTION_SERVERS=servers(self.cfg.action_ports, "max_fails=1 fail_timeout=3s"),
                    ACTIONS_LB_PORT=self.cfg.actions_lb_port,
                    RATE=self.cfg.nginx_rate,
                    BURST=self.cfg.nginx_burst,
                    CONN=self.cfg.nginx_conn,
                    MAX_BODY=self.cfg.max_body,
                    WEB_ROOT=web_root,
                ),
            )
        )
        base = [binary, "-p", str(self.run_dir), "-c", str(conf), "-e", str(self.log_dir / "nginx-error.log")]
        check = subprocess.run(base + ["-t"], capture_output=True, text=True)
        if check.returncode != 0:
            raise StackError(f"nginx config test failed:\n{check.stderr}")
        self.nginx = Proc("nginx", base, self.env(), self.log_dir / "nginx.out").start()
        if wait:
            self._wait("nginx", self.nginx, lambda: http_get(f"{self.public_url}/healthz") == 200, 30)
        return self.nginx

    def _wait(self, name: str, proc: Proc, ready: Callable[[], bool], timeout: float) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if not proc.alive():
                raise StackError(f"{name} exited with {proc.popen.returncode}; log {proc.log}:\n{proc.tail()}")
            try:
                if ready():
                    return time.monotonic() - started
            except Exception:
                pass
            time.sleep(0.25)
        raise StackError(f"{name} not ready after {timeout:.0f}s; log {proc.log}:\n{proc.tail()}")

    # ---------------------------------------------------------------- whole
    def start(self) -> "Stack":
        cfg = self.cfg
        if not Path(cfg.model).exists():
            raise StackError(f"model {cfg.model} not found: run `make train` first")
        try:
            self.start_redis()
            for i in range(len(cfg.action_ports)):
                self.start_action_server(i, wait=False)
            for i in range(cfg.replicas):
                self.start_replica(i, wait=False)
            for i, p in enumerate(self.actions):
                port = cfg.action_ports[i]
                self._wait(p.name, p, lambda port=port: http_get(f"http://127.0.0.1:{port}/health") == 200, 180)
            for i in range(cfg.replicas):
                self.wait_replica(i)
            self.start_nginx()
        except BaseException:
            self.stop()
            raise
        return self

    def procs(self) -> List[Proc]:
        return [p for p in [self.nginx, *self.rasa, *self.actions, self.redis] if p]

    def stop(self) -> None:
        for p in self.procs():
            try:
                p.stop()
            except Exception:
                pass
        if not self.keep:
            shutil.rmtree(self.run_dir, ignore_errors=True)

    def __enter__(self) -> "Stack":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def describe(self) -> str:
        c = self.cfg
        lines = [
            f"public (nginx):  {self.public_url}  (webhook {self.webhook})",
            *(f"rasa-{i}:          {self.replica_url(i)} (pid {p.pid})" for i, p in enumerate(self.rasa)),
            *(f"actions-{i}:       http://127.0.0.1:{c.action_ports[i]} (pid {p.pid})"
              for i, p in enumerate(self.actions)),
            f"actions via nginx: http://127.0.0.1:{c.actions_lb_port}/webhook",
            f"redis:           127.0.0.1:{c.redis_port} (password from REDIS_PASSWORD or generated)",
            f"run dir / logs:  {self.run_dir} / {self.log_dir}",
        ]
        return "\n".join(lines)


def _post(url: str, payload: dict, timeout: float = 30) -> tuple:
    import urllib.request

    req = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=timeout) as r:  # noqa: S310 (loopback only)
        return r.status, json.loads(r.read())


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["up"])
    ap.add_argument("--replicas", type=int, default=int(os.environ.get("REPLICAS", 2)))
    ap.add_argument("--action-servers", type=int, default=None)
    ap.add_argument("--host", default=os.environ.get("PUBLIC_HOST", "127.0.0.1"))
    ap.add_argument("--public-port", type=int, default=int(os.environ.get("PUBLIC_PORT", 8088)))
    ap.add_argument("--rasa-base-port", type=int, default=int(os.environ.get("RASA_BASE_PORT", 5205)))
    ap.add_argument("--actions-base-port", type=int, default=int(os.environ.get("ACTIONS_BASE_PORT", 5255)))
    ap.add_argument("--actions-lb-port", type=int, default=int(os.environ.get("ACTIONS_LB_PORT", 5250)))
    ap.add_argument("--redis-port", type=int, default=int(os.environ.get("REDIS_PORT", 6380)))
    ap.add_argument("--model", default=os.environ.get("MODEL", str(DEFAULT_MODEL)))
    ap.add_argument("--credentials", default=str(ROOT / "credentials.yml"))
    ap.add_argument("--endpoints", default=str(ROOT / "endpoints.prod.yml"))
    ap.add_argument("--ttl", type=int, default=int(os.environ.get("CONVERSATION_TTL_SECONDS", 1800)))
    ap.add_argument("--cors", nargs="*", default=os.environ.get("ALLOWED_ORIGINS", "").split() or [])
    ap.add_argument("--rate", default=os.environ.get("NGINX_RATE", "10r/s"), help="nginx per-client rate")
    ap.add_argument("--burst", type=int, default=int(os.environ.get("NGINX_BURST", 20)))
    ap.add_argument("--max-body", default=os.environ.get("MAX_BODY", "64k"))
    ap.add_argument("--run-dir", default=str(ROOT / "results" / "tmp" / "prod-run"))
    ap.add_argument("--keep", action="store_true", help="keep the run directory (logs) at stop")
    ap.add_argument("--check", action="store_true", help="start, send one message through nginx, stop")
    a = ap.parse_args(argv)

    run_dir = Path(a.run_dir)
    if run_dir.exists() and any(run_dir.iterdir()):
        if not (run_dir / MARKER).exists():
            print(f"error: {run_dir} is not empty and is not a previous run directory", file=sys.stderr)
            return 1
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
        model=Path(a.model),
        credentials=Path(a.credentials),
        endpoints=Path(a.endpoints),
        run_dir=run_dir,
        conversation_ttl_s=a.ttl,
        cors=a.cors,
        nginx_rate=a.rate,
        nginx_burst=a.burst,
        max_body=a.max_body,
    )
    stack = Stack(cfg, keep=a.keep or not a.check)
    stopping = {"flag": False}

    def on_signal(signum, frame):  # noqa: ARG001
        stopping["flag"] = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    print(f"==> Starting the production profile ({a.replicas} replicas) in {run_dir}", flush=True)
    try:
        stack.start()
    except StackError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(stack.describe(), flush=True)
    try:
        if a.check:
            status, reply = _post(stack.webhook, {"sender": "stack-check", "message": "hello"})
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
        print("==> Stopping", flush=True)
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
