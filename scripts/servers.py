"""The assistant's servers: their commands and environment, for every launcher.

`make run` (scripts/run_assistant.py), the production profile (deploy/stack.py), the tests and the
benchmark build their command lines here and start them with scripts/processes.py.
"""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

from addons import settings
from addons.insights_settings import kept_text_days
from scripts.processes import http_ok

ROOT = settings.ROOT

BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "act-signpost.tar.gz"
RASA = [sys.executable, "-m", "addons.rasa_command"]  # `rasa`, without the jax it does not use
# Room for the JSON around a body of MAX_BODY_BYTES: a body just over the channel's limit still
# reaches the channel, which answers with its own JSON 413; Sanic refuses anything larger before
# reading it (its own default is 100 MB).
SANIC_SIZE_MARGIN_BYTES = 1024


def sanic_request_max_size() -> int:
    return settings.get_int("MAX_BODY_BYTES") + SANIC_SIZE_MARGIN_BYTES


def server_env(actions_url_or_port, extra: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    """Environment for the action server and Rasa; ``actions_url_or_port``: a port on this machine
    or the full webhook URL of the action server(s)."""
    url = (
        actions_url_or_port
        if isinstance(actions_url_or_port, str)
        else f"http://127.0.0.1:{actions_url_or_port}/webhook"
    )
    env = dict(os.environ)
    env.update(
        ACTION_SERVER_URL=url,
        RASA_TELEMETRY_ENABLED="false",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        TF_CPP_MIN_LOG_LEVEL="2",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        SANIC_HOST="127.0.0.1",  # rasa_sdk binds here (its default is 0.0.0.0)
    )
    env.pop("SANIC_REQUEST_MAX_SIZE", None)  # only Rasa's (rasa_env): the action server receives trackers
    env.update(extra or {})
    return env


def rasa_env(env: Dict[str, str]) -> Dict[str, str]:
    """``env`` plus Sanic's request size limit for the Rasa server."""
    return {**env, "SANIC_REQUEST_MAX_SIZE": str(sanic_request_max_size())}


def rasa_ready(port: int, host: str = "127.0.0.1") -> Callable[[], bool]:
    """Rasa answers a message: its HTTP server is up before the model is loaded."""
    return http_ok(
        f"http://{host}:{port}/webhooks/rest/webhook",
        timeout=10,
        json_body={"sender": uuid.uuid4().hex, "message": "hello"},
    )


def action_server_cmd(port: int, metrics_port: Optional[int] = None) -> List[str]:
    """rasa_sdk; with ``metrics_port``, through actions/metrics_server.py (Prometheus /metrics)."""
    if metrics_port is None:
        return [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)]
    entry = ["-m", "actions.metrics_server", "--metrics-port", str(metrics_port)]
    return [sys.executable, *entry, "--actions", "actions", "--port", str(port)]


def rasa_server_cmd(
    port: int,
    model: Path = MODEL,
    cors: Sequence[str] | str | None = None,
    endpoints: Path = ROOT / "endpoints.yml",
    credentials: Path = ROOT / "credentials.yml",
    interface: str = "127.0.0.1",
    extra: Sequence[str] = (),
) -> List[str]:
    """`rasa run` with the REST channel only; never --enable-api (the HTTP API stays off)."""
    cmd = [
        *RASA,
        "run",
        "--model",
        str(model),
        "--endpoints",
        str(endpoints),
        "--credentials",
        str(credentials),
        "--interface",
        interface,
        "--port",
        str(port),
    ]
    origins = [cors] if isinstance(cors, str) else list(cors or [])
    return cmd + (["--cors", *origins] if origins else []) + list(extra)


def web_server_cmd(port: int, rasa_url: str) -> List[str]:
    return [
        sys.executable,
        str(ROOT / "web" / "serve.py"),
        "--port",
        str(port),
        "--dir",
        str(ROOT / "web" / "dist"),
        "--rasa-url",
        rasa_url,
        "--keeps-unanswered-days",  # the widget's privacy line says when questions are kept
        str(kept_text_days()),
    ]
