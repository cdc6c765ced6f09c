"""Measure addons/nlu/language.py and write results/bench/language.md (issue 9).

Recall on other-language messages (the tests' dev set and bench/heldout2.yml), false positives on
every English sentence the project has (data/nlu.yml training examples, bench/heldout.yml,
heldout2.yml's English messages), time per call, and the import/build time and memory of the
detector, each mode measured in a fresh process. Takes about a minute.

    python bench/language_bench.py [--explain]
"""

import argparse
import json
import re
import statistics
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "results" / "bench" / "language.md"
_ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}")


NOTES = """## How it decides, and why

- Library: lingua-language-detector 2.1.1 (Rust core, models inside the 96 MB wheel, no dependencies,
  nothing downloaded at run time), restricted to 37 languages of the UK. **Low accuracy mode**
  (trigrams only): the high accuracy mode costs about 10x the memory and build time (table above) and
  was not better here: with the same rule it found 67 of 74 dev messages (low: 70), 26 of 26 in
  heldout2, and also 0 false positives (measured once by hand with language.LOW_ACCURACY = False).
- lingua on its own calls many short English messages French, Italian or Tagalog (baseline above),
  in both modes. So a Latin-script message counts as another language only when lingua is confident
  AND most of its words are unknown to an English dictionary (spaCy's English lemmatizer tables from
  spacy-lookups-data, plus contractions, text-speak, the domain's acronyms, and a word one typo away
  from an English word of 5+ letters). Capitalised words no dictionary knows are names and don't count.
- Scripts other than Latin are never English (cheap first step, covers Pashto, Kurdish, Amharic too).
- Romanised Urdu/Punjabi is unknown to lingua (it guesses Swahili, Welsh, Yoruba...): a list of ~120
  common romanised Urdu/Punjabi words (those that are not English words) catches it: 2+ such words
  making a third of the message. It is a word list, not a model: sentences without those function
  words will be missed.
- A single word, or only names ("hola", "diolch", "Ynys Môn"), is too little to tell and stays
  English; such a greeting gets the ordinary English answer.
- Thresholds were chosen on the dev set (tests/test_language.py) and data/nlu.yml only;
  bench/heldout.yml and heldout2.yml were measured, not tuned on.
"""


def training_examples() -> list:
    """Every English example sentence in data/nlu.yml (entity annotations reduced to their text).

    The other_language intent's examples are not English: the router gives that intent itself."""
    found = []
    for block in yaml.safe_load((ROOT / "data" / "nlu.yml").read_text())["nlu"]:
        if block.get("intent") == "other_language":
            continue
        for line in (block.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- "):
                found.append(_ANNOTATION.sub(lambda m: m.group(1) or m.group(2), line[2:]))
    return found


def texts_in(node) -> list:
    """Every message text in a held-out file, whatever its nesting."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [t for item in node for t in texts_in(item)]
    if isinstance(node, dict):
        if "text" in node:
            return [(node["text"], node.get("expect"))]
        return [t for key, value in node.items() if key != "version" for t in texts_in(value)]
    return []


def datasets() -> dict:
    from tests.test_language import DEV_OTHER_LANGUAGE

    heldout = [
        t if isinstance(t, str) else t[0]
        for t in texts_in(yaml.safe_load((ROOT / "bench" / "heldout.yml").read_text()))
    ]
    heldout2 = texts_in(yaml.safe_load((ROOT / "bench" / "heldout2.yml").read_text()))
    return {
        "other": {
            "dev set (tests/test_language.py)": [t for _, t in DEV_OTHER_LANGUAGE],
            "heldout2.yml other_language": [t for t, e in heldout2 if e == "other_language"],
        },
        "english": {
            "data/nlu.yml training examples": training_examples(),
            "bench/heldout.yml": heldout,
            "heldout2.yml English messages": [t for t, e in heldout2 if e != "other_language"],
        },
    }


_COST_SCRIPT = """
import json, os, sys, time
sys.path.insert(0, {root!r})
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
before = rss(); t0 = time.perf_counter()
from addons.nlu import language
language.LOW_ACCURACY = {low}
t1 = time.perf_counter(); language.warm_up(); t2 = time.perf_counter()
texts = json.loads(sys.stdin.read())
times = []
for text in texts:
    s = time.perf_counter(); language.detect(text); times.append((time.perf_counter() - s) * 1000)
print(json.dumps({{"import_s": t1 - t0, "build_s": t2 - t1, "rss_mb": rss() - before, "times": times}}))
"""


def cost(low_accuracy: bool, texts: list) -> dict:
    """Import + build time, RSS added and time per call, measured in a fresh interpreter."""
    script = _COST_SCRIPT.format(root=str(ROOT), low=low_accuracy)
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    times = sorted(result.pop("times"))
    result["p50_ms"] = statistics.median(times)
    result["p95_ms"] = times[int(0.95 * (len(times) - 1))]
    result["max_ms"] = times[-1]
    return result


def _lingua_alone(language, text: str) -> bool:
    facts = language.explain(text)
    return (
        facts["non_latin"] == 0
        and facts["words"] >= 2
        and facts.get("top") not in (None, "en")
        and facts["confidence"] >= language.MIN_CONFIDENCE
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--explain", action="store_true", help="print the facts of every miss")
    args = parser.parse_args()
    from addons.nlu import language

    sets = datasets()
    lines = [
        "# Language detection (issue 9): addons/nlu/language.py",
        "",
        "Generated by `python bench/language_bench.py`. A false positive sends an English "
        'speaker the "this assistant answers in English" reply.',
        "",
        "| set | messages | detected as other language | |",
        "|---|---|---|---|",
    ]
    misses = []
    for kind, named in sets.items():
        for name, texts in named.items():
            hits = [t for t in texts if language.is_other_language(t)]
            wrong = hits if kind == "english" else [t for t in texts if t not in hits]
            label = "recall" if kind == "other" else "false positives"
            shown = (
                f"{len(hits) / len(texts):.1%} recall" if kind == "other" else f"{len(hits)} false positives"
            )
            lines.append(f"| {name} | {len(texts)} | {len(hits)} | {shown} |")
            misses += [(name, label, t) for t in wrong]
    if misses:
        lines += ["", "Errors:", ""] + [f"- {name}: `{t}` — {language.explain(t)}" for name, _, t in misses]
    lines += [
        "",
        "Baseline, lingua alone (its top language not English with confidence >= "
        f"{language.MIN_CONFIDENCE}, Latin script, 2+ words), without the English-word check:",
        "",
    ]
    for name, texts in sets["english"].items():
        alone = [t for t in texts if _lingua_alone(language, t)]
        lines.append(f"- {name}: {len(alone)} of {len(texts)} English messages called another language")
    every = [t for named in sets.values() for texts in named.values() for t in texts]
    lines += [
        "",
        "| mode | import s | build + first load s | RSS added MB | p50 ms | p95 ms | max ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for low in (True, False):
        c = cost(low, every)
        lines.append(
            f"| {'low' if low else 'high'} accuracy | {c['import_s']:.2f} | {c['build_s']:.2f} "
            f"| {c['rss_mb']:.0f} | {c['p50_ms']:.2f} | {c['p95_ms']:.2f} | {c['max_ms']:.2f} |"
        )
    lines += [
        "",
        f"Time per call over all {len(every)} messages above, one process, after warm_up(); "
        "import, build and RSS measured in a fresh interpreter (RSS: /proc/self/status VmRSS "
        "before the import and after warm_up()).",
        "",
        NOTES,
    ]
    OUT.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    if args.explain:
        for name, label, text in misses:
            print(name, label, text, language.explain(text))


if __name__ == "__main__":
    main()
