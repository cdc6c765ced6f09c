"""Shared fixtures: the real trained model behind real servers, started once per test session.

Loading the model takes a while, so the action server and the Rasa server are started once
and every conversation test talks to them over the REST channel, as the web widget does.
"""

import os
import uuid
from typing import List

import pytest
import requests

from addons import settings
from scripts.processes import Process, ProcessError, http_ok
from scripts.servers import MODEL, ROOT, action_server_cmd, rasa_env, rasa_ready, rasa_server_cmd, server_env

LOG_DIR = ROOT / "results" / "tmp" / "test-logs"
# Ports apart from `make run` (defaults.env TEST_*), so tests can run beside a running assistant.
RASA_PORT = settings.get_int("TEST_RASA_PORT")
ACTIONS_PORT = settings.get_int("TEST_ACTIONS_PORT")
WEB_ORIGIN = os.environ.get("TEST_WEB_ORIGIN") or f"http://localhost:{settings.get_int('TEST_WEB_PORT')}"
RASA_METRICS_PORT = settings.get_int("TEST_RASA_METRICS_PORT")
# Channels served inside the test process (tests/test_http_edge.py) serve no /metrics; the servers
# started here and by tests/prod are given their own port.
os.environ.setdefault("RASA_METRICS_PORT", "0")


class Bot:
    """Talks to the running Rasa server through the REST channel."""

    def __init__(self, rasa_url: str, actions_url: str):
        self.rasa_url = rasa_url
        self.actions_url = actions_url
        self.webhook = f"{rasa_url}/webhooks/rest/webhook"

    def send(self, message: str, sender: str = None) -> List[dict]:
        response = requests.post(
            self.webhook, json={"sender": sender or new_sender(), "message": message}, timeout=30
        )
        assert response.status_code == 200, response.text
        return response.json()

    def ask(self, message: str, sender: str = None) -> str:
        """All the bot's replies to one message, as one text."""
        return "\n".join(m.get("text", "") for m in self.send(message, sender))

    def conversation(self) -> "Conversation":
        return Conversation(self)


class Conversation:
    def __init__(self, bot: Bot):
        self.bot = bot
        self.sender = new_sender()

    def send(self, message: str) -> List[dict]:
        return self.bot.send(message, self.sender)

    def ask(self, message: str) -> str:
        return self.bot.ask(message, self.sender)


def new_sender() -> str:
    return str(uuid.uuid4())  # the widget's id form; the channel accepts no other


@pytest.fixture(scope="session")
def live_bot(tmp_path_factory):
    """The action server and the Rasa server (REST channel), with the real trained model.
    Its event store (endpoints.yml) is a SQLite file of this test session: ``bot.events_db``."""
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (or `make test`, which trains first)")
    events_db = tmp_path_factory.mktemp("insights") / "events.sqlite"
    env = server_env(ACTIONS_PORT, {"INSIGHTS_DB": str(events_db)})
    actions = Process("actions", action_server_cmd(ACTIONS_PORT), env, LOG_DIR / "actions.log", ROOT).start(
        truncate=True
    )
    rasa = Process(
        "rasa",
        rasa_server_cmd(RASA_PORT, cors=WEB_ORIGIN),
        rasa_env({**env, "RASA_METRICS_PORT": str(RASA_METRICS_PORT)}),
        LOG_DIR / "rasa.log",
        ROOT,
    ).start(truncate=True)
    bot = Bot(f"http://localhost:{RASA_PORT}", f"http://localhost:{ACTIONS_PORT}")
    bot.events_db = events_db
    bot.rasa_process = rasa
    try:
        actions.wait_ready(http_ok(f"{bot.actions_url}/health"))
        rasa.wait_ready(rasa_ready(RASA_PORT))
        yield bot
    except ProcessError as error:
        pytest.fail(str(error))
    finally:
        rasa.stop()
        actions.stop()
