"""Load profile: people chatting with the assistant through the REST channel.

Each simulated user is one conversation (a fresh random sender id, as the widget
makes) of CONVERSATION_TURNS messages, one message every SECONDS_PER_MESSAGE
seconds (a human pace, well under SafeRestInput's per-sender limit), then starts
a new conversation. The offered load is therefore users / SECONDS_PER_MESSAGE
messages per second; bench/load/run_load.py picks the number of users.

Environment:
  LOAD_HOSTS            space-separated base URLs; users are spread over them
                        round-robin (several replica URLs = client-side balancing)
  SECONDS_PER_MESSAGE   default 4
  CONVERSATION_TURNS    default 6
Only loopback targets are accepted.
"""

import itertools
import os
import random
import uuid
from urllib.parse import urlparse

from locust import HttpUser, constant_throughput, events, task

HOSTS = os.environ.get("LOAD_HOSTS", "http://127.0.0.1:8088").split()
for _h in HOSTS:
    if urlparse(_h).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"refusing a non-loopback target: {_h}")
SECONDS_PER_MESSAGE = float(os.environ.get("SECONDS_PER_MESSAGE", "4"))
TURNS = int(os.environ.get("CONVERSATION_TURNS", "6"))
_host_cycle = itertools.cycle(HOSTS)

# what people ask, roughly in the proportions expected: signposts first
OPENERS = ["hello", "hi there", "what can you do"]
QUESTIONS = [
    "what is prevent",
    "what does counter terrorism policing do",
    "a man keeps filming the security gates at the power station",
    "my neighbour is buying odd chemicals",
    "how can I report a person I think is planning something",
    "someone in a gaming chat keeps posting ISIS propaganda videos",
    "I'm scared my teenage son is being groomed by far right people online",
    "how many plots have been stopped",  # statistics: the action server
    "how many terror arrests are there a year",  # statistics
    "what is the threat level",
    "what happens after i report something",
    "can i report anonymously",
]
CLOSERS = ["thanks", "ok bye"]


class ChatUser(HttpUser):
    wait_time = constant_throughput(1.0 / SECONDS_PER_MESSAGE)

    def on_start(self) -> None:
        self.client.base_url = next(_host_cycle)
        self._new_conversation()

    def _new_conversation(self) -> None:
        self.sender = str(uuid.uuid4())  # the channel accepts only opaque UUID ids
        middle = random.sample(QUESTIONS, max(TURNS - 2, 1))
        self.script = [random.choice(OPENERS), *middle, random.choice(CLOSERS)][:TURNS]

    @task
    def say(self) -> None:
        if not self.script:
            self._new_conversation()
        message = self.script.pop(0)
        with self.client.post(
            "/webhooks/rest/webhook",
            json={"sender": self.sender, "message": message},
            name="message",
            catch_response=True,
            timeout=30,
        ) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
            else:
                try:
                    body = r.json()
                except ValueError:
                    r.failure("not JSON")
                    return
                if not body or not any(m.get("text") for m in body):
                    r.failure("empty reply")


@events.init_command_line_parser.add_listener
def _(parser) -> None:  # keep locust's own options only
    pass
