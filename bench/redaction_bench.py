"""Redaction figures on the project's independent corpus (`make bench-redaction`).

Scores addons.redaction.redact (or another implementation, for comparison) on
bench/redaction_corpus.yml (dev) and bench/redaction_holdout.yml (held out: only aggregate
figures are printed, never a case): recall per category, ordinary messages unchanged, name
precision on the training sentences (data/nlu.yml holds no personal data, so every [name]
there is a false positive), time per message (p50/p95), import time and memory.

    python bench/redaction_bench.py [--corpus dev|holdout|both] [--impl current|old|presidio]
                                    [--json results/bench/redaction.json --label NAME]
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import statistics
import subprocess
import sys
import time
import types
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Callable, Dict, List

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPORA = {
    "dev": ROOT / "bench" / "redaction_corpus.yml",
    "holdout": ROOT / "bench" / "redaction_holdout.yml",
}
GROUPS = {  # the goal table
    "details": {
        "phone",
        "email",
        "postcode",
        "vehicle_registration",
        "ni_number",
        "card",
        "street_address",
        "date_of_birth",
    },
    "names": {"name"},
    "online": {"social_handle", "profile_url", "ip_address"},
}
OLD_COMMIT = "25164aed2559e08f94eef4e0abb13684cddd134e"  # last commit with addons/redaction.py
_ENTITY = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}")


def load_impl(name: str) -> Callable[[str], str]:
    if name == "current":
        return importlib.import_module("addons.redaction").redact
    if name == "old":  # the code before issue 7, read from git history for the comparison
        source = subprocess.run(
            ["git", "show", f"{OLD_COMMIT}:addons/redaction.py"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        module = types.ModuleType("redaction_old")
        exec(compile(source, "redaction_old.py", "exec"), module.__dict__)
        return module.redact
    return importlib.import_module("bench.redaction_presidio").redact


GENERIC_WORDS = set(
    "and ave avenue close com court cres crescent ct dot dr drive flat gardens gdns grove hill "
    "house http https lane ln lower mews net number org park pl place rd road row sq square st "
    "street terrace the upper view walk way www".split()
)


def survives(secret: str, output: str) -> bool:
    """The corpus header's scoring rule: does ``secret`` survive in ``output``?"""
    secret = unicodedata.normalize("NFKC", str(secret)).casefold()
    output = unicodedata.normalize("NFKC", output).casefold()
    digits = re.sub(r"\D", "", secret)
    if len(digits) >= 6:
        return digits in re.sub(r"\D", "", output)
    if digits:
        alnum = lambda t: "".join(ch for ch in t if ch.isalnum())  # noqa: E731
        return alnum(secret) in alnum(output)
    words = {w for w in re.findall(r"[^\W\d_]+", secret) if len(w) >= 3 and w not in GENERIC_WORDS}
    out_words = set(re.findall(r"[^\W\d_]+", output))
    return bool(words & out_words)


def clean(text: str) -> str:
    from addons.redaction import clean_text

    return clean_text(text)


def score_corpus(path: Path, redact: Callable[[str], str]) -> Dict:
    corpus = yaml.safe_load(path.read_text(encoding="utf-8"))
    hits, totals, misses = defaultdict(int), defaultdict(int), []
    times: List[float] = []
    cpu: List[float] = []  # CPU time: what one message costs, whatever else the machine runs
    for case in corpus["pii"]:
        started, cpu_started = time.perf_counter(), time.thread_time()
        out = redact(case["text"])
        times.append(time.perf_counter() - started)
        cpu.append(time.thread_time() - cpu_started)
        leaked = [s for s in case["secrets"] if survives(s, out)]
        totals[case["category"]] += 1
        hits[case["category"]] += not leaked
        if leaked:
            misses.append((case["category"], case["text"], out))
    changed = []
    for text in corpus["ordinary"]:
        started, cpu_started = time.perf_counter(), time.thread_time()
        out = redact(text)
        times.append(time.perf_counter() - started)
        cpu.append(time.thread_time() - cpu_started)
        if out != text:
            changed.append((text, out))
    result = {
        "categories": {
            c: {"redacted": hits[c], "of": totals[c], "recall": round(hits[c] / totals[c], 4)}
            for c in sorted(totals)
        },
        "ordinary_unchanged": len(corpus["ordinary"]) - len(changed),
        "ordinary_total": len(corpus["ordinary"]),
        # changed by more than the cleaning (NFKC, control characters, spaces) redact() does first
        "changed_meaning": sum(out != clean(text) for text, out in changed),
        "changed_by_cleaning_only": sum(out == clean(text) for text, out in changed),
        "time_ms_p50": round(statistics.median(times) * 1000, 3),
        "time_ms_p95": round(sorted(times)[int(0.95 * (len(times) - 1))] * 1000, 3),
        "cpu_ms_p50": round(statistics.median(cpu) * 1000, 3),
        "cpu_ms_p95": round(sorted(cpu)[int(0.95 * (len(cpu) - 1))] * 1000, 3),
    }
    for group, members in GROUPS.items():
        n = sum(totals[c] for c in totals if c in members)
        if n:
            result[f"{group}_recall"] = round(sum(hits[c] for c in totals if c in members) / n, 4)
    n = sum(totals.values())
    result["overall_recall"] = round(sum(hits.values()) / n, 4)
    return result, misses, changed


def training_sentences() -> List[str]:
    out = []
    data = ROOT / "data"  # data/nlu.yml, or data/nlu/*.yml (one file per concern)
    for path in sorted(data.glob("nlu*.yml")) + sorted(data.glob("nlu/*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            for line in str(block.get("examples", "")).splitlines():
                line = line.strip()
                if line.startswith("- "):
                    out.append(_ENTITY.sub(lambda m: m.group(1) or m.group(2), line[2:]))
    return out


def name_precision(redact: Callable[[str], str], ordinary: List[str]) -> Dict:
    """Words turned into [name] where there is no name at all."""
    sentences = training_sentences()
    placeholder = "[name]"
    training_names = sum(redact(s).count(placeholder) for s in sentences)
    training_changed = sum(redact(s) != s for s in sentences)
    return {
        "training_sentences": len(sentences),
        "training_false_names": training_names,
        "training_changed": training_changed,
        "ordinary_false_names": sum(redact(s).count(placeholder) for s in ordinary),
    }


def cost(impl: str) -> Dict:
    """Import time and memory of the implementation, in a fresh interpreter."""
    code = (
        "import time, resource, sys, tracemalloc; sys.path.insert(0, %r); tracemalloc.start();"
        "t = time.perf_counter(); from bench.redaction_bench import load_impl;"
        "r = load_impl(%r); r('call 07700 900123'); dt = time.perf_counter() - t;"
        "cur, peak = tracemalloc.get_traced_memory();"
        "print(round(dt * 1000), round(cur / 2**20, 1), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)"
    ) % (str(ROOT), impl)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    ms, mib, rss = out.stdout.split()[-3:]
    return {"import_ms": int(ms), "python_heap_mib": float(mib), "process_rss_mib": int(rss)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=["dev", "holdout", "both"], default="both")
    parser.add_argument("--impl", choices=["current", "old", "presidio"], default="current")
    parser.add_argument("--json", help="merge the figures into this JSON file under --label")
    parser.add_argument("--label", default=None)
    parser.add_argument("--show-misses", action="store_true", help="dev corpus only")
    args = parser.parse_args()
    redact = load_impl(args.impl)
    report = {"impl": args.impl, "cost": cost(args.impl)}
    names = ["dev", "holdout"] if args.corpus == "both" else [args.corpus]
    for name in names:
        if not CORPORA[name].exists():
            print(f"{name}: {CORPORA[name]} not found", file=sys.stderr)
            continue
        result, misses, changed = score_corpus(CORPORA[name], redact)
        report[name] = result
        if name == "dev":
            ordinary = yaml.safe_load(CORPORA[name].read_text(encoding="utf-8"))["ordinary"]
            report["name_precision"] = name_precision(redact, ordinary)
            if args.show_misses:
                for category, text, out in misses:
                    print(f"MISS {category}: {text!r} -> {out!r}")
                for text, out in changed:
                    print(f"CHANGED: {text!r} -> {out!r}")
    print(json.dumps(report, indent=1))
    if args.json:
        path = Path(args.json)
        data = json.loads(path.read_text()) if path.exists() else {}
        data[args.label or args.impl] = report
        path.write_text(json.dumps(data, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
