"""`make run`'s Rasa server (the command and environment of scripts/servers.py, as the live_bot
fixture starts it) serves /metrics on 127.0.0.1 only, on its own port, never on the REST port;
and it counts a real message by its route."""

import socket
import time
from pathlib import Path
from typing import Set

import requests

from addons import settings
from tests.conftest import RASA_METRICS_PORT, RASA_PORT

LISTEN = "0A"  # TCP state in /proc/net/tcp


def listening_addresses(port: int) -> Set[str]:
    """Addresses something listens on at ``port`` (IPv4 and IPv6), from /proc/net/tcp*."""
    found = set()
    for name, family in (("tcp", socket.AF_INET), ("tcp6", socket.AF_INET6)):
        for line in Path(f"/proc/net/{name}").read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state != LISTEN or int(port_hex, 16) != port:
                continue
            raw = bytes.fromhex(address)
            raw = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))  # kernel word order
            found.add(socket.inet_ntop(family, raw))
    return found


def test_metrics_listen_on_loopback_only_and_not_on_the_rest_port(live_bot):
    assert settings.file_defaults()["METRICS_HOST"] == "127.0.0.1"
    assert listening_addresses(RASA_METRICS_PORT) == {"127.0.0.1"}
    assert not listening_addresses(RASA_METRICS_PORT) & {"0.0.0.0", "::"}
    text = requests.get(f"http://127.0.0.1:{RASA_METRICS_PORT}/metrics", timeout=10).text
    assert "act_messages_total" in text
    assert requests.get(f"http://127.0.0.1:{RASA_PORT}/metrics", timeout=10).status_code == 404


def test_a_real_message_is_counted_by_its_route(live_bot):
    url = f"http://127.0.0.1:{RASA_METRICS_PORT}/metrics"

    def emergencies() -> float:
        for line in requests.get(url, timeout=10).text.splitlines():
            if line.startswith('act_messages_total{route="emergency"}'):
                return float(line.split()[-1])
        return 0.0

    before = emergencies()
    assert "999" in live_bot.ask("there is a man with a knife outside attacking people")
    for _ in range(40):
        if emergencies() == before + 1:
            break
        time.sleep(0.25)  # counted once the turn is over
    assert emergencies() == before + 1
