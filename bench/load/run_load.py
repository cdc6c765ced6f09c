#!/usr/bin/env python
"""Load benchmark on this machine (a benchmark, not a test): how many messages a
second one and two Rasa replicas sustain with p95 <= 200 ms and no error, the
same through nginx, and a soak at a steady rate (errors, RSS growth).

Run with the project venv (it starts the production profile, deploy/stack.py);
locust runs from its own venv (.venv-load, bench/load/requirements.txt):

    make bench-load                      # everything (about 35 minutes; soak 10 min)
    .venv/bin/python bench/load/run_load.py --quick      # short steps, no soak
    .venv/bin/python bench/load/run_load.py --only soak --soak-rate 12 --soak-minutes 10

Writes results/load/{steps.json,capacity.json,soak.json,latency_vs_load.png,SUMMARY.md}.
All traffic goes to servers this script starts on 127.0.0.1, in bounded runs.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from deploy.stack import Stack, StackConfig  # noqa: E402
from scripts.processes import Process  # noqa: E402

OUT = ROOT / "results" / "load"
LOCUST = ROOT / ".venv-load" / "bin" / "locust"
P95_LIMIT_MS = 200.0
SECONDS_PER_MESSAGE = 4.0


def run_locust(hosts: List[str], rate: float, seconds: int, tag: str, tmp: Path) -> Dict:
    """Offer `rate` messages/s for `seconds` (after spawning); return the stats."""
    users = max(1, int(round(rate * SECONDS_PER_MESSAGE)))
    prefix = tmp / tag
    env = dict(os.environ, LOAD_HOSTS=" ".join(hosts), SECONDS_PER_MESSAGE=str(SECONDS_PER_MESSAGE))
    spawn_s = 5
    cmd = [
        str(LOCUST),
        "-f",
        str(ROOT / "bench" / "load" / "locustfile.py"),
        "--headless",
        "--host",
        hosts[0],
        "-u",
        str(users),
        "-r",
        str(max(1, users // spawn_s)),
        "--run-time",
        f"{seconds + spawn_s}s",
        "--reset-stats",
        "--csv",
        str(prefix),
        "--only-summary",
        "--stop-timeout",
        "30",
        "--loglevel",
        "WARNING",
    ]
    subprocess.run(
        cmd,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=open(f"{prefix}.log", "w"),
        timeout=seconds + spawn_s + 120,
    )
    with open(f"{prefix}_stats.csv") as f:
        rows = {r["Name"]: r for r in csv.DictReader(f)}
    row = rows.get("message") or rows["Aggregated"]
    return {"offered_rate": rate, "users": users, "seconds": seconds, **locust_figures(row)}


def locust_figures(row: Dict[str, str]) -> Dict:
    """Counts and latencies of one row of locust's _stats.csv."""
    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "rate": float(row["Requests/s"]),
        "p50_ms": float(row["50%"]),
        "p95_ms": float(row["95%"]),
        "p99_ms": float(row["99%"]),
        "max_ms": float(row["Max Response Time"]),
    }


def sweep(name: str, hosts: List[str], rates: List[float], seconds: int, tmp: Path) -> List[Dict]:
    steps = []
    for rate in rates:
        s = run_locust(hosts, rate, seconds, f"{name}-{rate:g}", tmp)
        s["config"] = name
        s["ok"] = s["failures"] == 0 and s["p95_ms"] <= P95_LIMIT_MS
        steps.append(s)
        print(
            f"  {name:10s} offered {rate:5.1f}/s  got {s['rate']:5.1f}/s  p50 {s['p50_ms']:4.0f} ms  "
            f"p95 {s['p95_ms']:5.0f} ms  failures {s['failures']}  {'ok' if s['ok'] else 'OVER'}",
            flush=True,
        )
        if not s["ok"] and len([x for x in steps if not x["ok"]]) >= 2:
            break  # two steps over the limit: capacity found
    return steps


def capacity(steps: List[Dict]) -> Optional[Dict]:
    ok = [s for s in steps if s["ok"]]
    return max(ok, key=lambda s: s["rate"]) if ok else None


def start_stack(replicas: int, tmp: Path) -> Stack:
    cfg = StackConfig.with_free_ports(
        replicas=replicas,
        run_dir=tmp / f"stack-{replicas}",
        nginx_rate="5000r/s",
        nginx_burst=5000,
        nginx_conn=5000,  # one client (locust) for everyone
    )
    stack = Stack(cfg, keep=True)
    stack.start()
    return stack


def plot(steps: List[Dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 5))
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for n, name in enumerate(dict.fromkeys(s["config"] for s in steps)):
        pts = [s for s in steps if s["config"] == name]
        c = colours[n % len(colours)]
        ax.plot(
            [s["rate"] for s in pts], [s["p95_ms"] for s in pts], marker="o", color=c, label=f"{name} p95"
        )
        ax.plot(
            [s["rate"] for s in pts],
            [s["p50_ms"] for s in pts],
            marker=".",
            linestyle=":",
            color=c,
            label=f"{name} p50",
        )
    ax.axhline(P95_LIMIT_MS, color="red", linewidth=0.8, linestyle="--", label="p95 limit 200 ms")
    ax.set_xlabel("messages per second (achieved)")
    ax.set_ylabel("response time (ms)")
    ax.set_ylim(bottom=0)
    ax.set_title("ACT signpost assistant: latency against load (2-core machine)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def soak(stack: Stack, rate: float, minutes: float, tmp: Path) -> Dict:
    """Steady load through nginx; RSS of every replica sampled through the run."""
    samples = []
    proc = None
    users = max(1, int(round(rate * SECONDS_PER_MESSAGE)))
    prefix = tmp / "soak"
    env = dict(os.environ, LOAD_HOSTS=stack.public_url, SECONDS_PER_MESSAGE=str(SECONDS_PER_MESSAGE))
    seconds = int(minutes * 60)
    warmup = 60
    cmd = [
        str(LOCUST),
        "-f",
        str(ROOT / "bench" / "load" / "locustfile.py"),
        "--headless",
        "--host",
        stack.public_url,
        "-u",
        str(users),
        "-r",
        str(max(1, users // 5)),
        "--run-time",
        f"{seconds + warmup}s",
        "--csv",
        str(prefix),
        "--csv-full-history",
        "--only-summary",
        "--stop-timeout",
        "30",
        "--loglevel",
        "WARNING",
    ]
    proc = Process("locust", cmd, env, Path(f"{prefix}.log"), ROOT).start(truncate=True)
    started = time.monotonic()
    try:
        while proc.alive() and time.monotonic() - started < seconds + warmup + 120:
            t = time.monotonic() - started
            samples.append(
                {
                    "t": round(t, 1),
                    **{p.name: p.rss_kb() for p in [*stack.rasa, *stack.actions, stack.redis, stack.nginx]},
                }
            )
            time.sleep(10)
    finally:
        proc.stop(timeout=60)
    with open(f"{prefix}_stats.csv") as f:
        row = {r["Name"]: r for r in csv.DictReader(f)}["message"]
    after_warmup = [s for s in samples if s["t"] >= warmup]
    first, last = after_warmup[0], after_warmup[-1]
    growth = {k: round(100.0 * (last[k] - first[k]) / first[k], 2) for k in first if k != "t" and first[k]}
    return {
        "rate_offered": rate,
        "users": users,
        "minutes_measured": minutes,
        "warmup_s": warmup,
        **locust_figures(row),
        "rss_kb_start": {k: v for k, v in first.items() if k != "t"},
        "rss_kb_end": {k: v for k, v in last.items() if k != "t"},
        "rss_growth_percent": growth,
        "samples": samples,
    }


def machine() -> Dict:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": os.getloadavg(),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="short steps (15 s), no soak")
    ap.add_argument("--only", choices=["sweep", "soak", "plot"], default=None)
    ap.add_argument("--step-seconds", type=int, default=25)
    ap.add_argument("--rates", default="5,10,15,20,25,30,40,50,60")
    ap.add_argument(
        "--soak-rate", type=float, default=None, help="default: 60%% of the 2-replica nginx capacity"
    )
    ap.add_argument("--soak-minutes", type=float, default=10)
    a = ap.parse_args()
    if not LOCUST.exists():
        print("error: .venv-load is missing: run `make bench-load` (it creates it)", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = ROOT / "results" / "tmp" / "load"
    tmp.mkdir(parents=True, exist_ok=True)
    rates = [float(r) for r in a.rates.split(",")]
    seconds = 15 if a.quick else a.step_seconds
    steps: List[Dict] = []
    caps: Dict[str, Dict] = {}
    info = machine()

    if a.only in (None, "sweep"):
        for replicas in (1, 2):
            print(f"==> {replicas} replica(s)", flush=True)
            stack = start_stack(replicas, tmp)
            try:
                direct = [stack.replica_url(i) for i in range(replicas)]
                for name, hosts in (
                    (f"{replicas}r-direct", direct),
                    (f"{replicas}r-nginx", [stack.public_url]),
                ):
                    run_locust(hosts, 2, 10, f"warmup-{name}", tmp)  # load the model's caches
                    st = sweep(name, hosts, rates, seconds, tmp)
                    steps += st
                    caps[name] = capacity(st)
            finally:
                stack.stop()
        (OUT / "steps.json").write_text(
            json.dumps(
                {"machine": info, "p95_limit_ms": P95_LIMIT_MS, "seconds_per_step": seconds, "steps": steps},
                indent=2,
            )
        )
        (OUT / "capacity.json").write_text(json.dumps(caps, indent=2))
        plot(steps, OUT / "latency_vs_load.png")

    if a.only == "plot":
        plot(json.loads((OUT / "steps.json").read_text())["steps"], OUT / "latency_vs_load.png")
        write_summary()
        return 0

    if a.only in (None, "soak") and not a.quick:
        if a.soak_rate is None:
            cap = (
                json.loads((OUT / "capacity.json").read_text()).get("2r-nginx")
                if (OUT / "capacity.json").exists()
                else None
            )
            a.soak_rate = round(0.6 * cap["rate"]) if cap else 10
        print(f"==> soak: {a.soak_rate} msg/s through nginx, 2 replicas, {a.soak_minutes} min", flush=True)
        stack = start_stack(2, tmp)
        try:
            run_locust([stack.public_url], 2, 10, "warmup-soak", tmp)
            result = soak(stack, a.soak_rate, a.soak_minutes, tmp)
        finally:
            stack.stop()
        result["machine"] = info
        (OUT / "soak.json").write_text(json.dumps(result, indent=2))
        print(
            f"  soak: {result['requests']} messages, {result['failures']} failures, "
            f"p95 {result['p95_ms']:.0f} ms, RSS growth {result['rss_growth_percent']}",
            flush=True,
        )
    write_summary()
    return 0


def write_summary() -> None:
    lines = ["# Load figures (bench/load, this 2-core machine)", ""]
    if (OUT / "capacity.json").exists():
        caps = json.loads((OUT / "capacity.json").read_text())
        st = json.loads((OUT / "steps.json").read_text())
        lines += [
            f"Highest message rate with p95 <= {P95_LIMIT_MS:.0f} ms and no error "
            f"({st['seconds_per_step']} s per step, {int(SECONDS_PER_MESSAGE)} s between a "
            "user's messages, realistic mix incl. statistics via the action server):",
            "",
            "| setup | messages/s | p50 ms | p95 ms | p99 ms |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for name, c in caps.items():
            if c:
                lines.append(
                    f"| {name} | {c['rate']:.1f} | {c['p50_ms']:.0f} | {c['p95_ms']:.0f} | {c['p99_ms']:.0f} |"
                )
            else:
                lines.append(f"| {name} | below the lowest step | | | |")
        lines += [
            "",
            "Latency against load: `results/load/latency_vs_load.png`; every step: `results/load/steps.json`.",
        ]
    if (OUT / "soak.json").exists():
        s = json.loads((OUT / "soak.json").read_text())
        g = s["rss_growth_percent"]
        lines += [
            "",
            f"Soak: {s['minutes_measured']:g} minutes at {s['rate']:.1f} messages/s through nginx "
            f"(2 replicas) after {s['warmup_s']} s warm-up: {s['requests']} messages, "
            f"{s['failures']} errors, p95 {s['p95_ms']:.0f} ms; RSS growth "
            + ", ".join(f"{k} {v:+.1f}%" for k, v in g.items())
            + " (`results/load/soak.json`).",
        ]
        if g.get("redis", 0) > 5:
            mb = (s["rss_kb_end"]["redis"] - s["rss_kb_start"]["redis"]) / 1024
            lines += [
                "",
                f"Redis grows by design ({mb:.1f} MB here): it keeps every conversation for "
                "30 minutes after its last message (TTL), so its memory levels off once the first "
                "conversations expire; the 5% bound applies to the Rasa replicas and the other services.",
            ]
    la = []
    for name in ("steps.json", "soak.json"):
        if (OUT / name).exists():
            la.append(
                f"{name.split('.')[0]} {json.loads((OUT / name).read_text())['machine']['load_average_at_start'][0]:.1f}"
            )
    lines += [
        "",
        "Both cores are shared by Rasa, the action servers, Redis, nginx and locust itself "
        "(and, during these runs, by other work on the machine: 1-minute load average at the start: "
        + ", ".join(la)
        + "), so these are floors for a dedicated host, not a prediction for one.",
    ]
    (OUT / "SUMMARY.md").write_text("\n".join(lines) + "\n")
    print((OUT / "SUMMARY.md").read_text())


if __name__ == "__main__":
    sys.exit(main())
