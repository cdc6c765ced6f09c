"""`make bench`: measure the assistant and write the figures to results/bench/.

Measures, for the chosen pipeline (config.yml), the DIET/TED comparison (bench/configs/) and
the vanilla `rasa init` bot as reference, all in one run on this machine:
held-out intent accuracy and routing recall (bench/heldout.yml, never used for training),
REST latency (p50/p95, sequential and 8 concurrent clients), training time, server start-up
time and RSS. Also the readability of every reply. Prints progress; takes about 15 minutes.

    python bench/run_bench.py [--skip-compare] [--skip-vanilla]
"""

import argparse
import asyncio
import json
import logging
import os
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from addons import settings  # noqa: E402
from bench import readability  # noqa: E402
from scripts.processes import Process, http_ok  # noqa: E402
from scripts.servers import (  # noqa: E402
    BIN,
    RASA,
    action_server_cmd,
    rasa_env,
    rasa_ready,
    rasa_server_cmd,
    server_env,
)

OUT = ROOT / "results" / "bench"
WORK = ROOT / "results" / "tmp" / "bench"
HELDOUT = yaml.safe_load((ROOT / "bench" / "heldout.yml").read_text())
# apart from make run, make run-prod and the tests (defaults.env BENCH_*), so the runs never collide
RASA_PORT, ACTIONS_PORT = settings.get_int("BENCH_RASA_PORT"), settings.get_int("BENCH_ACTIONS_PORT")
SEQUENTIAL_MESSAGES = 200
CONCURRENT_CLIENTS, MESSAGES_PER_CLIENT = 8, 50


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(cmd, cwd=ROOT, env=None):
    started = time.monotonic()
    subprocess.run(
        cmd,
        cwd=cwd,
        env=env or server_env(ACTIONS_PORT),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.monotonic() - started


def train(config: Path, name: str) -> tuple:
    log(f"training {name} with {config.relative_to(ROOT)}")
    seconds = run(
        [
            *RASA,
            "train",
            "--config",
            str(config),
            "--out",
            str(WORK),
            "--fixed-model-name",
            name,
            "--force",
        ]
    )
    log(f"  trained in {seconds:.0f}s")
    return WORK / f"{name}.tar.gz", seconds


def intent_accuracy(model: Path) -> dict:
    """Held-out intent accuracy, through the whole NLU pipeline (guards included)."""
    logging.disable(logging.WARNING)
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    wrong, total = [], 0
    for intent, sentences in HELDOUT["intents"].items():
        for text in sentences:
            predicted = asyncio.run(agent.parse_message(text))["intent"]["name"]
            total += 1
            if predicted != intent:
                wrong.append({"text": text, "expected": intent, "predicted": predicted})
    return {"accuracy": round(1 - len(wrong) / total, 4), "total": total, "wrong": wrong}


def post(url, text, sender):
    started = time.perf_counter()
    response = requests.post(url, json={"sender": sender, "message": text}, timeout=60)
    response.raise_for_status()
    return time.perf_counter() - started, "\n".join(m.get("text", "") for m in response.json())


def percentiles(seconds):
    ordered = sorted(seconds)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1),
    }


def latency(url, texts) -> dict:
    texts = (texts * (SEQUENTIAL_MESSAGES // len(texts) + 1))[:SEQUENTIAL_MESSAGES]
    # A new conversation every 10 messages: real users send a few messages each, and the
    # REST channel limits how fast one sender may send.
    warm_sender = str(uuid.uuid4())  # the channel accepts only opaque UUID sender ids
    for text in texts[:10]:  # warm up
        post(url, text, warm_sender)
    seq_senders = [str(uuid.uuid4()) for _ in range(len(texts) // 10 + 1)]
    sequential = [post(url, text, seq_senders[i // 10])[0] for i, text in enumerate(texts)]

    def client(n):
        senders = [str(uuid.uuid4()) for _ in range(MESSAGES_PER_CLIENT // 10 + 1)]
        return [
            post(url, texts[(n * 7 + i) % len(texts)], senders[i // 10])[0]
            for i in range(MESSAGES_PER_CLIENT)
        ]

    started = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENT_CLIENTS) as pool:
        concurrent = [s for batch in pool.map(client, range(CONCURRENT_CLIENTS)) for s in batch]
    wall = time.perf_counter() - started
    return {
        "sequential": percentiles(sequential),
        "concurrent_8": {**percentiles(concurrent), "messages_per_s": round(len(concurrent) / wall, 1)},
    }


def routing_recall(url) -> dict:
    missed = []
    for item in HELDOUT["routing"]:
        _, reply = post(url, item["text"], str(uuid.uuid4()))
        if not all(words in reply for words in item["must_contain"]):
            missed.append({"text": item["text"], "must_contain": item["must_contain"], "reply": reply})
    return routing_summary(missed)


def routing_summary(missed) -> dict:
    """Recall per route: 999 and gov.uk/ACT (the product's target) apart from 101 and 116 123."""
    by_route = {}
    for item in HELDOUT["routing"]:
        route = " + ".join(item["must_contain"])
        total, ok = by_route.get(route, (0, 0))
        by_route[route] = (total + 1, ok + (not any(m["text"] == item["text"] for m in missed)))
    concern = [by_route[r] for r in ("999", "gov.uk/ACT") if r in by_route]
    total = len(HELDOUT["routing"])
    return {
        "recall": round(1 - len(missed) / total, 4),
        "total": total,
        "recall_999_gov_uk_act": round(sum(ok for _, ok in concern) / sum(t for t, _ in concern), 4),
        "total_999_gov_uk_act": sum(t for t, _ in concern),
        "by_route": {r: {"total": t, "routed": ok} for r, (t, ok) in by_route.items()},
        "missed": missed,
    }


def serve_and_measure(model: Path, name: str, with_actions=True, cwd=ROOT, texts=None) -> dict:
    logs = WORK / f"logs-{name}"
    env = server_env(ACTIONS_PORT)
    actions = (
        Process("actions", action_server_cmd(ACTIONS_PORT), env, logs / "actions.log", ROOT).start(
            truncate=True
        )
        if with_actions
        else None
    )
    rasa_cmd = (
        rasa_server_cmd(RASA_PORT, model)
        if cwd == ROOT
        else [
            str(BIN / "rasa"),
            "run",
            "--model",
            str(model),
            "--interface",
            "127.0.0.1",
            "--port",
            str(RASA_PORT),
        ]
    )
    url = f"http://127.0.0.1:{RASA_PORT}/webhooks/rest/webhook"
    try:
        if actions:
            actions.wait_ready(http_ok(f"http://127.0.0.1:{ACTIONS_PORT}/health"))
        log(f"starting {name}")
        rasa = Process("rasa", rasa_cmd, rasa_env(env), logs / "rasa.log", cwd).start(truncate=True)
        try:
            startup = rasa.wait_ready(rasa_ready(RASA_PORT), progress_every=30, say=log)
            log(f"  {name} answered after {startup:.1f}s; measuring")
            result = {"startup_s": round(startup, 1)}
            if texts is None:
                result["routing"] = routing_recall(url)
                texts = [t for sentences in HELDOUT["intents"].values() for t in sentences]
            result["latency"] = latency(url, texts)
            result["rss_mb"] = {"rasa": round(rasa.rss_mb())}
            if actions:
                result["rss_mb"]["actions"] = round(actions.rss_mb())
            return result
        finally:
            rasa.stop()
    finally:
        if actions:
            actions.stop()


def vanilla() -> dict:
    """The bot `rasa init` makes, as the reference for speed and memory."""
    folder = WORK / "vanilla"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    log("creating and training the vanilla `rasa init` bot")
    seconds = run([str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(folder)], cwd=WORK)
    model = next((folder / "models").glob("*.tar.gz"))
    result = serve_and_measure(
        model,
        "vanilla",
        with_actions=False,
        cwd=folder,
        texts=["hello", "I am sad", "yes", "great", "bye", "are you a bot?"],
    )
    return {"train_s_incl_init": round(seconds), **result}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-compare", action="store_true", help="skip the DIET/TED comparison")
    parser.add_argument("--skip-vanilla", action="store_true", help="skip the vanilla rasa init reference")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    OUT.mkdir(parents=True, exist_ok=True)

    results = {"machine": {"cores": os.cpu_count(), "date": time.strftime("%Y-%m-%d")}, "pipelines": {}}
    pipelines = [("logreg_rules", ROOT / "config.yml")]
    if not args.skip_compare:
        pipelines.append(("diet_ted", ROOT / "bench" / "configs" / "diet_ted.yml"))
    for name, config in pipelines:
        model, train_s = train(config, name)
        log(f"held-out intent accuracy of {name}")
        accuracy = intent_accuracy(model)
        log(f"  {accuracy['accuracy']:.1%} of {accuracy['total']}")
        results["pipelines"][name] = {
            "train_s": round(train_s),
            "intents": accuracy,
            **serve_and_measure(model, name),
        }
    if not args.skip_vanilla:
        results["vanilla_rasa_init"] = vanilla()
    results["readability"] = readability.report()

    (OUT / "bench.json").write_text(json.dumps(results, indent=2))
    summary = summarise(results)
    (OUT / "bench.md").write_text(summary)
    print("\n" + summary)
    log(f"written to {OUT.relative_to(ROOT)}/bench.json and bench.md")


def summarise(results) -> str:
    rows = [
        "| | train s | start-up s | held-out intent acc. | routing recall: 999/gov.uk/ACT (all routes) | REST p50 / p95 ms (seq.) "
        "| p50 / p95 ms, msg/s (8 clients) | RSS MB Rasa / actions |",
        "|---" * 8 + "|",
    ]
    entries = list(results["pipelines"].items())
    if "vanilla_rasa_init" in results:
        entries.append(("vanilla `rasa init`", results["vanilla_rasa_init"]))
    for name, r in entries:
        seq, conc = r["latency"]["sequential"], r["latency"]["concurrent_8"]
        acc = f"{r['intents']['accuracy']:.1%}" if "intents" in r else "–"
        recall = (
            (
                f"{r['routing']['recall_999_gov_uk_act']:.1%} of {r['routing']['total_999_gov_uk_act']} "
                f"({r['routing']['recall']:.1%} of {r['routing']['total']} with 101/116 123)"
            )
            if "routing" in r
            else "–"
        )
        rows.append(
            f"| {name} | {r.get('train_s', r.get('train_s_incl_init'))} | {r['startup_s']} | {acc} | {recall} "
            f"| {seq['p50_ms']} / {seq['p95_ms']} | {conc['p50_ms']} / {conc['p95_ms']}, "
            f"{conc['messages_per_s']} | {r['rss_mb']['rasa']} / {r['rss_mb'].get('actions', '–')} |"
        )
    read = results["readability"]
    rows += [
        "",
        f"Readability of {read['replies']} replies (textstat): median reading age {read['median_reading_age']}, "
        f"worst {read['worst'][0]['reading_age']} ({read['worst'][0]['name']}); "
        f"median Flesch reading ease {read['median_flesch_reading_ease']}.",
    ]
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    main()
