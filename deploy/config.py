"""Configuration of the production profile: its settings (defaults from defaults.env) and the
nginx and Redis configuration files rendered from deploy/nginx and deploy/redis."""

from __future__ import annotations

import ipaddress
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from addons import settings
from scripts.processes import free_port
from scripts.servers import MODEL, ROOT

DEPLOY = ROOT / "deploy"


class StackError(RuntimeError):
    pass


def _setting(key: str):
    return lambda: settings.get(key)


def _int_setting(key: str):
    return lambda: settings.get_int(key)


@dataclass
class StackConfig:
    """Every setting of one run; ports left at 0 / empty take defaults.env's PROD_* values."""

    replicas: int = field(default_factory=_int_setting("PROD_REPLICAS"))
    action_servers: Optional[int] = None  # default: same as replicas
    host: str = field(default_factory=_setting("PROD_HOST"))
    public_port: int = 0
    rasa_ports: List[int] = field(default_factory=list)
    action_ports: List[int] = field(default_factory=list)
    actions_lb_port: int = 0
    redis_port: int = 0
    postgres_port: int = 0  # the event store (deploy/eventstore.py)
    rasa_metrics_ports: List[int] = field(default_factory=list)  # /metrics of each replica
    action_metrics_ports: List[int] = field(default_factory=list)  # /metrics of each action server
    prometheus_port: int = 0
    prometheus_interval: str = field(default_factory=_setting("PROD_PROMETHEUS_INTERVAL"))
    model: Path = MODEL
    credentials: Path = ROOT / "credentials.yml"
    endpoints: Path = ROOT / "endpoints.prod.yml"
    run_dir: Optional[Path] = None
    python: str = sys.executable
    redis_password: Optional[str] = None
    conversation_ttl_s: int = field(default_factory=_int_setting("CONVERSATION_TTL_SECONDS"))
    cors: List[str] = field(default_factory=list)
    nginx_rate: str = field(default_factory=_setting("PROD_RATE"))
    nginx_burst: int = field(default_factory=_int_setting("PROD_BURST"))
    nginx_conn: int = field(default_factory=_int_setting("PROD_CONN"))
    nginx_workers: int = 1
    max_body_bytes: int = field(default_factory=_int_setting("MAX_BODY_BYTES"))
    trusted_proxies: List[str] = field(default_factory=lambda: settings.get("PROD_TRUSTED_PROXIES").split())
    redis_maxmemory: str = "512mb"
    debug_logs: bool = False  # Rasa --debug (the privacy test uses it: most logging)
    web_root: Path = ROOT / "web" / "dist"
    extra_env: Dict[str, str] = field(default_factory=dict)

    @classmethod
    def with_free_ports(cls, **kw) -> "StackConfig":
        """Every port not given is a free one (tests and the load benchmark)."""
        cfg = cls(**kw)
        cfg.public_port = cfg.public_port or free_port()
        cfg.rasa_ports = cfg.rasa_ports or [free_port() for _ in range(cfg.replicas)]
        cfg.action_ports = cfg.action_ports or [
            free_port() for _ in range(cfg.action_servers or cfg.replicas)
        ]
        cfg.actions_lb_port = cfg.actions_lb_port or free_port()
        cfg.redis_port = cfg.redis_port or free_port()
        cfg.postgres_port = cfg.postgres_port or free_port()
        cfg.rasa_metrics_ports = cfg.rasa_metrics_ports or [free_port() for _ in cfg.rasa_ports]
        cfg.action_metrics_ports = cfg.action_metrics_ports or [free_port() for _ in cfg.action_ports]
        cfg.prometheus_port = cfg.prometheus_port or free_port()
        return cfg

    def fill_defaults(self) -> None:
        """Ports not set: defaults.env's production ports."""
        rasa, actions = settings.get_int("PROD_RASA_BASE_PORT"), settings.get_int("PROD_ACTIONS_BASE_PORT")
        self.public_port = self.public_port or settings.get_int("PROD_PORT")
        self.rasa_ports = self.rasa_ports or [rasa + i for i in range(self.replicas)]
        self.action_ports = self.action_ports or [
            actions + i for i in range(self.action_servers or self.replicas)
        ]
        self.actions_lb_port = self.actions_lb_port or settings.get_int("PROD_ACTIONS_LB_PORT")
        self.redis_port = self.redis_port or settings.get_int("PROD_REDIS_PORT")
        self.postgres_port = self.postgres_port or settings.get_int("PROD_POSTGRES_PORT")
        rasa_m, actions_m = (settings.get_int(f"PROD_{k}_METRICS_BASE_PORT") for k in ("RASA", "ACTIONS"))
        self.rasa_metrics_ports = self.rasa_metrics_ports or [rasa_m + i for i in range(self.replicas)]
        self.action_metrics_ports = self.action_metrics_ports or [
            actions_m + i for i in range(len(self.action_ports))
        ]
        self.prometheus_port = self.prometheus_port or settings.get_int("PROD_PROMETHEUS_PORT")
        for proxy in self.trusted_proxies:
            try:
                ipaddress.ip_network(proxy, strict=False)
            except ValueError:
                raise StackError(f"trusted proxy {proxy!r} is not an IP address or CIDR network") from None


def find_binary(name: str, extra_dirs: tuple = ("/usr/sbin", "/usr/local/sbin", "/sbin")) -> str:
    found = shutil.which(name) or next(
        (str(Path(d) / name) for d in extra_dirs if (Path(d) / name).exists()), None
    )
    if not found:
        raise StackError(
            f"'{name}' is not installed. Install it from Debian's packages: "
            "apt-get update && apt-get install -y redis-server nginx prometheus"
        )
    return found


def render(template: Path, values: Dict[str, object]) -> str:
    text = template.read_text()
    for key, value in values.items():
        text = text.replace(f"@@{key}@@", str(value))
    if "@@" in text:
        missing = sorted({p.split("@@")[0] for p in text.split("@@")[1::2]})
        raise StackError(f"{template}: placeholders left unrendered: {missing}")
    return text


def real_ip_lines(trusted: List[str]) -> str:
    """nginx real_ip: believe X-Forwarded-For only from the trusted proxies."""
    if not trusted:
        return "    # no trusted proxy in front: the client address is the peer's (PROD_TRUSTED_PROXIES)"
    lines = [f"    set_real_ip_from {proxy};" for proxy in trusted]
    return "\n".join([*lines, "    real_ip_header X-Forwarded-For;", "    real_ip_recursive on;"])


def nginx_conf(cfg: StackConfig, run_dir: Path, log_dir: Path, headers: Path, web_root: Path) -> str:
    def servers(ports: List[int]) -> str:
        return "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=3s;" for p in ports)

    return render(
        DEPLOY / "nginx" / "nginx.conf.template",
        dict(
            WORKERS=cfg.nginx_workers,
            RUN_DIR=run_dir,
            LOG_DIR=log_dir,
            LISTEN=f"{cfg.host}:{cfg.public_port}",
            RASA_SERVERS=servers(cfg.rasa_ports),
            ACTION_SERVERS=servers(cfg.action_ports),
            ACTIONS_LB_PORT=cfg.actions_lb_port,
            RATE=cfg.nginx_rate,
            BURST=cfg.nginx_burst,
            CONN=cfg.nginx_conn,
            MAX_BODY=cfg.max_body_bytes,
            WEB_ROOT=web_root,
            HEADERS=headers,
            REAL_IP=real_ip_lines(cfg.trusted_proxies),
            REAL_IP_NOTE=" ".join(cfg.trusted_proxies) or "none",
        ),
    )


def redis_conf(cfg: StackConfig, data_dir: Path, log_dir: Path, users: Dict[str, str]) -> str:
    """``users``: RASA_USER, RASA_PASSWORD, ADMIN_USER, ADMIN_PASSWORD."""
    for key in ("RASA_PASSWORD", "ADMIN_PASSWORD"):
        if not users[key] or any(c.isspace() for c in users[key]):
            raise StackError(
                f"the Redis {key.split('_')[0].lower()} password must be non-empty, without spaces"
            )
    return render(
        DEPLOY / "redis" / "redis.conf.template",
        dict(
            BIND="127.0.0.1",
            PORT=cfg.redis_port,
            DATA_DIR=data_dir,
            LOG_DIR=log_dir,
            MAXMEMORY=cfg.redis_maxmemory,
            KEY_PREFIX="act",
            **users,
        ),
    )
