"""Issue 10's end-to-end check: a scripted day of mixed traffic through the production profile
(tests/prod/scripted_day.py), once with the text-keeping switch (INSIGHTS_KEEP_UNANSWERED) off and
once on, each on a fresh stack so every count starts at zero. Then:

* Prometheus (its HTTP API) shows exactly what was sent: messages per route, fallbacks,
  "I don't have that figure", refusals by reason, redactions by category;
* the `make insights` report of the same event store and day, read from its HTML tables, shows
  the same numbers as Prometheus (two independent paths: metrics in the replicas, events in
  PostgreSQL counted by insights/);
* no personal detail sent is in the event database (its files and a pg_dump), Prometheus's
  storage or the report, and no sender id in Prometheus's storage or the report; with the switch
  on the redacted text of the unanswered questions is there, with it off it is not;
* stopping the action servers makes the ActionServerDown alert fire.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest

from addons.route_labels import ROUTES
from deploy.monitoring import prometheus_api
from tests.prod import scripted_day as sd
from tests.prod.prodkit import PAGE_ORIGIN, ROOT, Stack, StackConfig, find_binary, started

MODEL = ROOT / "models" / "act-signpost.tar.gz"
POSTGRES_BASE = Path("/var/tmp/act-scripted-day")


def _start(keep_text: bool, run_dir: Path) -> Stack:
    cfg = StackConfig.with_free_ports(  # as tests/prod/conftest.py's, plus the switch
        replicas=2,
        model=MODEL,
        run_dir=run_dir,
        cors=[PAGE_ORIGIN],
        conversation_ttl_s=1800,
        nginx_rate="50r/s",
        nginx_burst=100,
        prometheus_interval="1s",
        extra_env={"INSIGHTS_KEEP_UNANSWERED": "1" if keep_text else "0"},
    )
    # As root the event store runs as `postgres` in a new folder of the temp dir
    # (deploy/eventstore.py): here under a folder of its own in /var/tmp, removed afterwards, so a
    # day's clusters never mix with what other runs leave in /tmp.
    with pytest.MonkeyPatch.context() as patch:
        if os.geteuid() == 0:
            patch.setattr(tempfile, "tempdir", str(POSTGRES_BASE))
        stack = Stack(cfg)  # its event store folder is named here (made at start)
    return started(stack)


def _settled(stack, before, sent):
    """Prometheus's numbers once every message of the day is counted and scraped."""

    def total(samples, family):
        return sum(v for k, v in samples.items() if k.startswith(family))

    def check():
        now = sd.replica_totals(stack)  # a turn's intent is counted a moment after its reply
        if total(now, "act_messages_total") != total(before, "act_messages_total") + sent.messages:
            return None
        prom = sd.prometheus_numbers(stack.cfg)
        refused = total(now, "act_rejected_requests_total")
        scraped = prom["messages"] == total(now, "act_messages_total")
        return prom if scraped and sum(prom["rejected"].values()) == refused else None

    return sd.wait_for(check, 30, "Prometheus holding the replicas' counts")


def _report(stack, keep_text: bool, first: str, last: str, out):
    """`make insights` (mk/insights.mk): the same command, in its own process, on production's store."""
    env = {**os.environ, "INSIGHTS_KEEP_UNANSWERED": "1" if keep_text else "0"}
    cmd = [sys.executable, "-m", "insights.report", "--db", stack.events.url(), "--from", first, "--to", last]
    done = subprocess.run([*cmd, "--out", str(out)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out)
    return out.read_text()


@pytest.fixture(scope="module", params=[False, True], ids=["keep-text-off", "keep-text-on"])
def day(request, tmp_path_factory):
    """A fresh production profile that has lived through the scripted day."""
    keep_text = request.param
    for binary in ("redis-server", "nginx", "prometheus"):
        find_binary(binary)
    started = time.monotonic()
    POSTGRES_BASE.mkdir(mode=0o711, exist_ok=True)
    POSTGRES_BASE.chmod(0o711)  # traverse only: each cluster's own folder in it is 0700
    stack = _start(keep_text, tmp_path_factory.mktemp("day-run"))
    try:
        first = datetime.now(timezone.utc).date().isoformat()
        before = sd.replica_totals(stack)  # the readiness checks' messages
        before_conversations = sd.senders_stored(stack)
        sent = sd.Day()
        sd.converse(stack, sent)
        sd.bad_requests(stack, sent)
        prom = _settled(stack, before, sent)
        last = datetime.now(timezone.utc).date().isoformat()
        out = tmp_path_factory.mktemp("day-report") / "insights.html"
        page = _report(stack, keep_text, first, last, out)
        yield SimpleNamespace(
            stack=stack,
            keep_text=keep_text,
            before=before,
            before_conversations=before_conversations,
            sent=sent,
            prom=prom,
            page=page,
            tables=sd.Tables(page),
            period=(first, last),
        )
    finally:
        stack.stop()
        shutil.rmtree(POSTGRES_BASE, ignore_errors=True)
        switch = "on" if keep_text else "off"
        print(f"scripted day (keep text {switch}): {time.monotonic() - started:.0f}s with start and stop")


def _was(day, key: str) -> float:
    return day.before.get(key, 0.0)


def test_prometheus_counts_exactly_the_day(day):
    prom, sent = day.prom, day.sent
    routes = {r: _was(day, f'act_messages_total{{route="{r}"}}') + sent.routes[r] for r in ROUTES}
    assert {r: prom["routes"].get(r, 0.0) for r in ROUTES} == routes
    assert prom["messages"] == sum(routes.values())
    assert prom["fallbacks"] == sent.routes["fallback"] == 3
    assert prom["no_figure"] == 1
    assert prom["turns"]["ok"] == prom["timed_turns"] == prom["messages"]
    assert sum(prom["turns"].values()) == prom["messages"]  # none empty, timed out or failed
    assert prom["intents"]["affirm"] == sd.FUNNEL["yes"] and prom["intents"]["deny"] == sd.FUNNEL["no"]
    refused = {f"{reason}/{status}": n for (reason, status), n in sent.rejected.items()}
    for key, value in day.before.items():  # e.g. 503 "not_ready" while a replica was loading
        if key.startswith("act_rejected_requests_total") and value:
            labels = dict(p.split("=") for p in key[key.index("{") + 1 : -1].replace('"', "").split(","))
            key = f"{labels['reason']}/{labels['status']}"
            refused[key] = refused.get(key, 0) + value
    assert {k: v for k, v in prom["rejected"].items() if v} == refused
    assert {k: v for k, v in prom["redactions"].items() if v} == sd.REDACTED
    shown = {k: v if isinstance(v, float) else {x: n for x, n in v.items() if n} for k, v in prom.items()}
    print(f"Prometheus: {shown}")


def _number(cells) -> float:
    return float(cells[-1])


def test_the_insights_report_shows_prometheus_numbers(day):
    t, prom = day.tables, day.prom
    summary = t.by_id("Totals for the period")
    messages = _number(summary["sum-messages"])
    assert messages == prom["messages"] and messages > 40
    assert _number(summary["sum-conversations"]) == day.before_conversations + len(day.sent.senders)
    assert _number(summary["sum-fallbacks"]) == prom["fallbacks"]
    assert summary["sum-fallback-rate"][-1] == f"{prom['fallbacks'] / prom['messages'] * 100:.1f}%"
    assert _number(summary["sum-no-figure"]) == prom["no_figure"] == float(t.spans["no-figure"])
    routes = t.by_id("Messages by route")
    assert set(routes) == {f"route-{r}" for r in ROUTES}
    for route in ROUTES:
        count = prom["routes"].get(route, 0.0)
        assert routes[f"route-{route}"][1:] == [f"{count:.0f}", f"{count / prom['messages'] * 100:.1f}%"], (
            route
        )
    funnel = {k[len("funnel-") :]: _number(v) for k, v in t.by_id("Report funnel").items()}
    assert funnel == {k: float(v) for k, v in sd.FUNNEL.items()}
    assert funnel["reports"] == prom["routes"]["report"]
    assert funnel["yes"] == prom["intents"]["affirm"] and funnel["no"] == prom["intents"]["deny"]
    days = {cells[0]: cells[1:] for cells in t.body("Conversations and messages per day")}
    assert sum(float(m) for _, m in days.values()) == prom["messages"]
    per_day = {cells[0]: cells[1:] for cells in t.body("Messages not understood per day")}
    assert sum(float(f) for _, f, _ in per_day.values()) == prom["fallbacks"]
    assert t.body("Terms in statistics questions") == sd.FIGURES


def test_no_personal_detail_or_sender_is_stored(day, tmp_path):
    store = sd.event_store_haystacks(day.stack, tmp_path)
    prometheus = sd.prometheus_haystacks(day.stack)
    report = {"report": day.page.encode()}
    # the search sees what is there: routes in every place, the sender ids in the event store
    dump = store["pg_dump events"]
    assert b"online_content" in dump and b"online_content" in b"".join(prometheus.values())
    assert b"utter_ask_immediate_danger" in b"".join(store.values())
    assert all(s.encode() in dump for s in day.sent.senders)  # opaque ids: conversations are counted by them
    assert sd.found({**store, **prometheus, **report}, sd.NEEDLES) == []
    assert sd.found({**prometheus, **report}, day.sent.senders) == []
    kept = [p.encode() for p in sd.KEPT]
    if day.keep_text:  # the redacted text of the questions not understood, and nothing else
        assert b"act_unanswered" in dump and all(p in dump for p in kept)
        assert all(p in day.page for p in sd.KEPT) and "Group 1" in day.page
    else:
        assert b"act_unanswered" not in dump and not [p for p in kept if p in dump]
        assert "Not kept:" in day.page and not [p for p in sd.KEPT if p in day.page]


def _firing(stack):
    alerts = prometheus_api(stack.cfg, "alerts")["alerts"]
    return {
        a["labels"]["instance"]
        for a in alerts
        if a["labels"]["alertname"] == "ActionServerDown" and a["state"] == "firing"
    }


def test_stopping_the_action_servers_fires_the_alert(day):
    stack = day.stack
    assert not _firing(stack)
    for p in stack.actions:
        p.kill()
    stopped = time.monotonic()
    want = {f"127.0.0.1:{p}" for p in stack.cfg.action_metrics_ports}
    sd.wait_for(lambda: _firing(stack) == want, 90, "ActionServerDown firing for every action server")
    print(f"ActionServerDown fired {time.monotonic() - stopped:.0f}s after the action servers stopped")
