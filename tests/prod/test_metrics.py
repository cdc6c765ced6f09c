"""Operations metrics through the production profile: a known mix of messages and bad requests
through nginx (and a replica), then each replica's /metrics and Prometheus's HTTP API must show
exactly those counts; an action server stopped makes the ActionServerDown alert fire; no metric,
no label and no byte of Prometheus's storage holds a personal detail or a sender id."""

import time
from pathlib import Path
from typing import Dict, List

import requests

from deploy.monitoring import prometheus_api
from tests.prod.prodkit import new_sender, send, slow_action_servers, text_of, wait_actions_via_nginx

PHONE, EMAIL = "07700 900123", "jo.bloggs@example.com"
NEEDLES = [PHONE, PHONE.replace(" ", ""), "900123", "jo.bloggs", EMAIL]
# (route the model and router give it, message); the routes were read from the real model
MIX = [
    ("emergency", "there is a man with a knife outside attacking people"),
    ("report", "I want to report something suspicious"),
    ("statistics", "how many counter terrorism officers are there"),  # "I don't have that figure"
    ("knowledge", "what is Prevent?"),
    ("chitchat", "hiya there"),
    ("fallback", "🤔🤔"),  # unreadable
    ("report", f"you can reach me on {PHONE} or {EMAIL}"),
]
JSON = {"Content-Type": "application/json"}
SENDERS: List[str] = []  # every sender id used here: none may show up in metrics or storage


def scrape(url: str) -> Dict[str, float]:
    text = requests.get(url, timeout=10).text
    return {
        line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("act_")
    }


def metrics_urls(stack) -> List[str]:
    return [f"http://127.0.0.1:{p}/metrics" for p in stack.cfg.rasa_metrics_ports]


def totals(stack) -> Dict[str, float]:
    """Every act_ sample summed over the replicas."""
    summed: Dict[str, float] = {}
    for url in metrics_urls(stack):
        for key, value in scrape(url).items():
            summed[key] = summed.get(key, 0) + value
    return summed


def routes_of(samples: Dict[str, float]) -> Dict[str, float]:
    prefix = 'act_messages_total{route="'
    return {k[len(prefix) : -2]: v for k, v in samples.items() if k.startswith(prefix)}


def wait_for(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not seen within {timeout:.0f}s")
        time.sleep(0.5)


def test_metrics_count_exactly_what_was_sent(healthy):
    stack = healthy
    before = totals(stack)
    senders = []
    for _route, message in MIX:
        senders.append(new_sender())
        assert text_of(send(stack.webhook, message, senders[-1]))
    # bad requests through nginx, each refused by a replica
    hook = stack.webhook
    assert requests.post(hook, data=b'{"sender": ', headers=JSON, timeout=20).status_code == 400
    assert requests.post(hook, json={"sender": EMAIL, "message": "hi"}, timeout=20).status_code == 400
    assert (
        requests.post(hook, data="hi", headers={"Content-Type": "text/plain"}, timeout=20).status_code == 415
    )
    evil = {"Origin": "https://evil.example", **JSON}
    assert (
        requests.post(hook, json={"sender": new_sender(), "message": "hi"}, headers=evil).status_code == 403
    )
    # nginx refuses an oversized body itself; a replica reached directly counts its own
    big = {"sender": new_sender(), "message": "x" * 70_000}
    assert requests.post(hook, json=big, timeout=20).status_code == 413
    assert requests.post(stack.replica_webhook(0), json=big, timeout=20).status_code == 413
    # one sender flooding one replica: the 21st message in a burst of 20 is refused
    flooder, answered = new_sender(), 0
    while (status := send(stack.replica_webhook(0), "hiya there", flooder).status_code) == 200:
        answered += 1
        assert answered < 40, "no rate limit"
    assert status == 429

    turns = len(MIX) + answered
    expected_routes = {route: 0.0 for route in routes_of(before)}
    for route, _ in MIX:
        expected_routes[route] += 1
    expected_routes["chitchat"] += answered

    def counted():  # the final intent is counted once each turn is over (a moment later)
        now = totals(stack)
        return now if sum(routes_of(now).values()) - sum(routes_of(before).values()) >= turns else None

    after = wait_for(counted, 15, f"{turns} messages counted")

    def delta(key: str) -> float:
        return after.get(key, 0) - before.get(key, 0)

    assert {r: delta(f'act_messages_total{{route="{r}"}}') for r in expected_routes} == expected_routes
    intents = {k: delta(k) for k in after if k.startswith("act_intent_messages_total") and delta(k)}
    assert sum(intents.values()) == turns and 'act_intent_messages_total{intent="other"}' not in intents
    assert delta('act_intent_messages_total{intent="report_emergency"}') == 1
    assert delta('act_intent_messages_total{intent="greet"}') == 1 + answered
    assert delta("act_fallbacks_total") == 1
    assert delta("act_no_figure_answers_total") == 1
    assert delta('act_turns_total{outcome="ok"}') == turns
    assert delta("act_turn_seconds_count") == turns
    assert delta('act_redactions_total{category="phone"}') == 1
    assert delta('act_redactions_total{category="email"}') == 1
    assert sum(delta(k) for k in after if k.startswith("act_redactions_total")) == 2
    rejected = {
        "bad_json": "400",
        "bad_sender": "400",
        "wrong_content_type": "415",
        "wrong_origin": "403",
        "too_large": "413",
        "rate_limited": "429",
    }
    for reason, status in rejected.items():
        assert delta(f'act_rejected_requests_total{{reason="{reason}",status="{status}"}}') == 1, reason
    assert sum(delta(k) for k in after if k.startswith("act_rejected_requests_total")) == len(rejected)

    # Prometheus has scraped the same totals
    def prometheus_routes():
        data = prometheus_api(stack.cfg, "query", query="sum by (route) (act_messages_total)")
        seen = {s["metric"]["route"]: float(s["value"][1]) for s in data["result"]}
        return seen if seen == {r: v for r, v in routes_of(totals(stack)).items()} else None

    wait_for(prometheus_routes, 20, "Prometheus's route counts equal to the replicas'")

    def prometheus_reasons():
        query = "sum by (reason) (act_rejected_requests_total)"
        data = prometheus_api(stack.cfg, "query", query=query)["result"]
        seen = {s["metric"]["reason"]: float(s["value"][1]) for s in data}
        return seen if all(seen.get(reason, 0) >= 1 for reason in rejected) else None

    wait_for(prometheus_reasons, 20, "Prometheus's rejection reasons")
    query = "sum by (category) (act_redactions_total)"
    seen = {
        s["metric"]["category"]: float(s["value"][1])
        for s in prometheus_api(stack.cfg, "query", query=query)["result"]
    }
    assert seen["phone"] >= 1 and seen["email"] >= 1
    up = prometheus_api(stack.cfg, "query", query="up")["result"]
    assert len(up) == len(stack.cfg.rasa_metrics_ports) + len(stack.cfg.action_metrics_ports)
    assert all(s["value"][1] == "1" for s in up), up
    SENDERS.extend(senders + [flooder])


def _prometheus_storage(stack) -> Path:
    return Path(stack.run_dir) / "prometheus-data"


def test_no_personal_detail_or_sender_in_metrics_labels_or_storage(healthy):
    stack = healthy
    sender = new_sender()
    assert text_of(send(stack.webhook, f"my number is {PHONE} and my email is {EMAIL}", sender))
    needles = NEEDLES + SENDERS + [sender]
    urls = metrics_urls(stack) + [f"http://127.0.0.1:{p}/metrics" for p in stack.cfg.action_metrics_ports]
    for url in urls:
        text = requests.get(url, timeout=10).text
        assert not [n for n in needles if n in text], url
    # every label name and value Prometheus holds
    for label in prometheus_api(stack.cfg, "labels"):
        values = prometheus_api(stack.cfg, f"label/{label}/values")
        assert not [n for n in needles for v in values if n in v], label
    storage = _prometheus_storage(stack)
    assert storage.is_dir() and (storage.stat().st_mode & 0o777) == 0o700
    files = [p for p in storage.rglob("*") if p.is_file()]
    stored = b"".join(p.read_bytes() for p in files)
    assert b"act_messages_total" in stored and b"online_content" in stored  # the search can see labels
    for path in files:
        data = path.read_bytes()
        assert not [n for n in needles if n.encode() in data], path


def _alerts(stack, name: str) -> List[dict]:
    return [a for a in prometheus_api(stack.cfg, "alerts")["alerts"] if a["labels"]["alertname"] == name]


def test_action_servers_down_are_counted_and_alerted(healthy):
    stack = healthy
    assert not [a for a in _alerts(stack, "ActionServerDown") if a["state"] == "firing"]
    before = totals(stack)
    for p in stack.actions:
        p.kill()
    stopped = time.monotonic()
    try:
        # every replica that gets a figure question now counts a failed action call
        for _ in range(2 * len(stack.rasa)):
            assert text_of(send(stack.webhook, "how many arrests are there a year", new_sender()))
        after = totals(stack)
        assert after['act_action_server_failures_total{kind="error"}'] - before.get(
            'act_action_server_failures_total{kind="error"}', 0
        ) == 2 * len(stack.rasa)
        assert after['act_turns_total{outcome="empty"}'] - before.get(
            'act_turns_total{outcome="empty"}', 0
        ) == 2 * len(stack.rasa)

        def firing():
            instances = {
                a["labels"]["instance"] for a in _alerts(stack, "ActionServerDown") if a["state"] == "firing"
            }
            return instances if len(instances) == len(stack.actions) else None

        instances = wait_for(firing, 90, "ActionServerDown firing for every action server")
        assert instances == {f"127.0.0.1:{p}" for p in stack.cfg.action_metrics_ports}
        took = time.monotonic() - stopped
        assert took < 90
    finally:
        for i, p in enumerate(stack.actions):
            if not p.alive():
                stack.start_action_server(i)
        wait_actions_via_nginx(stack)
    wait_for(lambda: not _alerts(stack, "ActionServerDown") or None, 30, "ActionServerDown resolved")
    print(f"ActionServerDown fired {took:.0f}s after the action servers stopped")


def test_a_slow_action_server_is_counted_as_a_timeout(healthy, tmp_path):
    stack = healthy
    key = 'act_action_server_failures_total{kind="timeout"}'
    with slow_action_servers(stack, tmp_path):
        before = scrape(metrics_urls(stack)[0])
        assert text_of(send(stack.replica_webhook(0), "how many arrests are there a year", new_sender()))
        after = scrape(metrics_urls(stack)[0])  # action_timeout_s (10 s) has passed: the reply came
        assert after[key] - before.get(key, 0) == 1
        assert after['act_turns_total{outcome="empty"}'] - before['act_turns_total{outcome="empty"}'] == 1
