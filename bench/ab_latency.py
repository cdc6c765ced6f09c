"""Start-up time, sequential REST latency and RSS of one checkout of the assistant, with its own model.

For A/B checks of a change (issue 9: start-up and p95 within 10%): run it on two checkouts in
turn, several times, on the same machine; results/bench/context_latency.md has a run.

    python bench/ab_latency.py ROOT RASA_PORT ACTIONS_PORT   # per-message medians, then one JSON line
"""

import json
import statistics
import sys
import time
import uuid
from pathlib import Path

import requests

# a mix of routes, with follow-ups that lean on the previous turn; a new conversation every 3
MESSAGES = [
    "what is prevent",
    "how many arrests a year",
    "my neighbour is buying odd chemicals",
    "there is a man with a knife",
    "hello",
    "who funds ctp",
    "and last year",
    "is prevent only for muslims",
    "i want to report something",
    "what is the threat level",
    "since when",
    "thanks bye",
]
ROUNDS = 240
WARM_UP = 12


def measure(root: Path, rasa_port: int, actions_port: int) -> dict:
    sys.path.insert(0, str(root))  # that checkout's own launch code
    from scripts.processes import Process, http_ok
    from scripts.servers import action_server_cmd, rasa_env, rasa_ready, rasa_server_cmd, server_env

    logs = Path("/tmp/act-ab-latency") / root.name
    env = server_env(actions_port)
    actions = Process("actions", action_server_cmd(actions_port), env, logs / "actions.log", root)
    rasa = Process("rasa", rasa_server_cmd(rasa_port), rasa_env(env), logs / "rasa.log", root)
    started = time.monotonic()
    actions.start()
    rasa.start()
    try:
        actions.wait_ready(http_ok(f"http://127.0.0.1:{actions_port}/health"), 120)
        rasa.wait_ready(rasa_ready(rasa_port), 300)
        startup = time.monotonic() - started
        url = f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook"
        times, sender = [], None
        for i in range(ROUNDS):
            sender = str(uuid.uuid4()) if i % 3 == 0 else sender
            began = time.perf_counter()
            body = {"sender": sender, "message": MESSAGES[i % len(MESSAGES)]}
            requests.post(url, json=body, timeout=30).raise_for_status()
            times.append((time.perf_counter() - began) * 1000)
        rss_mb = rasa.rss_kb() // 1024
    finally:
        rasa.stop()
        actions.stop()
    per_message = {}
    for i, took in enumerate(times[WARM_UP:], start=WARM_UP):
        per_message.setdefault(MESSAGES[i % len(MESSAGES)], []).append(took)
    print({m: round(statistics.median(v), 1) for m, v in per_message.items()}, file=sys.stderr)
    q = statistics.quantiles(times[WARM_UP:], n=100)
    return {
        "tree": str(root),
        "startup_s": round(startup, 1),
        "p50_ms": round(q[49], 1),
        "p95_ms": round(q[94], 1),
        "rasa_rss_mb": rss_mb,
    }


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    print(json.dumps(measure(Path(sys.argv[1]).resolve(), int(sys.argv[2]), int(sys.argv[3]))))
