"""How far two people agree on a held-out set's routes, and whether the bot's misses are misses to both.

A set's writer chose each expected route alone. A second labelling of the same texts, by someone who
saw neither those labels nor the bot (bench/heldoutN-second-labels.yml), tells whether a miss is the
bot's error or a message two careful people would route differently.

    python bench/label_agreement.py heldout9.yml [results/bench/heldout2.json]
"""

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from addons.route_labels import CONCERN_ROUTES  # noqa: E402


def items_by_id(held_out: dict) -> dict:
    """m<i>: the i-th message; c<j>t<k>: turn k of conversation j (the second labels' keys)."""
    items = {f"m{i}": m for i, m in enumerate(held_out["messages"])}
    for j, conversation in enumerate(held_out["conversations"]):
        items.update({f"c{j}t{k}": turn for k, turn in enumerate(conversation["turns"])})
    return items


def accepted(item: dict) -> set:
    return {item["expect"], *item.get("also_accept", [])}


def agreement(items: dict, second: dict, bot_misses: dict) -> Counter:
    counts = Counter()
    for key, item in items.items():
        other = {second[key]["route"], *second[key].get("also", [])}
        both_accept = bool(accepted(item) & other)
        counts["items"] += 1
        counts["first routes agree"] += item["expect"] == second[key]["route"]
        counts["a route both accept"] += both_accept
        if item["expect"] not in CONCERN_ROUTES:
            continue
        counts["concern items"] += 1
        counts["concern: a route both accept"] += both_accept
        route = bot_misses.get((item["text"], item["expect"]))
        if route is None:
            continue
        counts["concern: bot missed (first labels)"] += 1
        if route in other:
            counts["concern: bot missed, but the second labelling accepts its route"] += 1
        elif both_accept:
            counts["concern: bot missed, both labellings agree against it"] += 1
        else:
            counts["concern: bot missed, labellings disagree, bot a third"] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("set", help="e.g. heldout9.yml (its second labels: bench/heldout9-second-labels.yml)")
    parser.add_argument("results", nargs="?", default=str(ROOT / "results" / "bench" / "heldout2.json"))
    args = parser.parse_args()
    name = args.set
    labels_path = ROOT / "bench" / name.replace(".yml", "-second-labels.yml")
    if not labels_path.exists():
        parser.error(f"no second labelling of {name}: {labels_path.relative_to(ROOT)} is missing")
    items = items_by_id(yaml.safe_load((ROOT / "bench" / name).read_text()))
    second = yaml.safe_load(labels_path.read_text())
    missing = sorted(set(items) - set(second))
    if missing:
        parser.error(f"{labels_path.name} has no label for {', '.join(missing[:5])}")
    results = json.loads(Path(args.results).read_text())
    if name not in results:
        parser.error(f"{args.results} has no results for {name}")
    bot_misses = {
        (r["text"], r["expect"]): r["route"]
        for r in results[name]["failures"]
        if any(f.startswith("route") for f in r["failed"])
    }
    counts = agreement(items, second, bot_misses)
    for key, value in counts.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
