"""The REST channel records every metric: a real Sanic server with the channel as `rasa run` wires
it and a stand-in agent (tests/test_http_edge.py), its /metrics endpoint on a free loopback port."""

import uuid

import pytest
import requests

from addons import metrics
from addons.channel import SafeRestInput
from scripts.processes import free_port
from tests.test_http_edge import DOMAIN_YAML, LIMITS, Domain, FakeAgent, post, serve

PII = ["07700 900123", "jo.bloggs@example.com"]


@pytest.fixture(scope="module")
def served():
    port = free_port()
    channel = SafeRestInput.from_credentials({**LIMITS, "metrics_port": port})
    agent = FakeAgent(Domain.from_yaml(DOMAIN_YAML))
    with serve(channel, agent) as (base, _app):
        yield base, f"http://127.0.0.1:{port}/metrics"
    metrics.stop_all()


def _scrape(url: str) -> dict:
    text = requests.get(url, timeout=5).text
    return {
        line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("act_")
    }


def test_the_channel_records_rejections_turns_and_redactions(served):
    base, url = served
    before = _scrape(url)
    s = str(uuid.uuid4())
    assert post(base, {"sender": s, "message": "hello"}).status_code == 200
    assert post(base, {"sender": s, "message": "stay silent"}).status_code == 200
    assert post(base, {"sender": s, "message": "raise an error"}).status_code == 200
    assert post(base, {"sender": s, "message": f"ring {PII[0]} or {PII[1]}"}).status_code == 200
    assert post(base, b"{not json").status_code == 400
    assert post(base, {"sender": "jo.bloggs@example.com", "message": "hi"}).status_code == 400
    assert post(base, {"sender": s, "message": "x" * 70000}).status_code == 413
    assert (
        post(base, {"sender": s, "message": "hi"}, headers={"Origin": "https://evil.example"}).status_code
        == 403
    )
    r = requests.post(
        f"{base}/webhooks/rest/webhook", data="hi", headers={"Content-Type": "text/plain"}, timeout=10
    )
    assert r.status_code == 415
    after = _scrape(url)

    def delta(key):
        return after.get(key, 0) - before.get(key, 0)

    assert delta('act_turns_total{outcome="ok"}') == 2
    assert delta('act_turns_total{outcome="empty"}') == 1
    assert delta('act_turns_total{outcome="error"}') == 1
    assert delta("act_turn_seconds_count") == 4
    assert delta('act_redactions_total{category="phone"}') == 1
    assert delta('act_redactions_total{category="email"}') == 1
    for reason, status in [("bad_json", 400), ("bad_sender", 400), ("too_large", 413)]:
        assert delta(f'act_rejected_requests_total{{reason="{reason}",status="{status}"}}') == 1, reason
    assert delta('act_rejected_requests_total{reason="wrong_origin",status="403"}') == 1
    assert delta('act_rejected_requests_total{reason="wrong_content_type",status="415"}') == 1
    text = requests.get(url, timeout=5).text
    assert not any(p in text for p in PII + [s, "jo.bloggs"])


def test_the_channel_counts_rate_limited_requests(served):
    base, url = served
    before = _scrape(url).get('act_rejected_requests_total{reason="rate_limited",status="429"}', 0)
    s, client = str(uuid.uuid4()), "203.0.113.7"
    codes = [post(base, {"sender": s, "message": "hello"}, client=client).status_code for _ in range(25)]
    assert 429 in codes
    after = _scrape(url)['act_rejected_requests_total{reason="rate_limited",status="429"}']
    assert after - before == codes.count(429)
