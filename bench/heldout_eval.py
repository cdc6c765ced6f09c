"""Held-out evaluation of the held-out sets through the real servers; writes results/bench/heldout2.md.

bench/heldout.yml: intent accuracy (the whole NLU pipeline, router included) and routing recall
(each message's reply must contain its contact). bench/heldout2.yml, heldout3.yml, ... (one format,
in their headers): each message, and each turn of its conversations, is sent over REST; the route is read from the replies
(which domain.yml response came first), then checked: the expected route (or an also_accept one),
must_mention strings, every part of a compound question, and the reading age of the reply.

    python bench/heldout_eval.py [--rasa-port 5305 --actions-port 5355] [--sets heldout7.yml,heldout8.yml]
"""

import argparse
import json
import statistics
import sys
import time
import uuid
from pathlib import Path

import requests
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from addons import settings  # noqa: E402
from addons.route_labels import CONCERN_ROUTES  # noqa: E402
from bench import readability  # noqa: E402
from bench.heldout_sets import held_out_set_names, is_training_data, later_set_names  # noqa: E402
from scripts.processes import Process, http_ok  # noqa: E402
from scripts.servers import MODEL, action_server_cmd, rasa_env, rasa_ready, rasa_server_cmd, server_env  # noqa: E402

OUT = ROOT / "results" / "bench"
LOGS = ROOT / "results" / "tmp" / "heldout-eval"
SET1 = yaml.safe_load((ROOT / "bench" / "heldout.yml").read_text())
# the sets in the same format, by file name, in the order they were written (each after the last was used)
LATER_SETS = {name: yaml.safe_load((ROOT / "bench" / name).read_text()) for name in later_set_names()}
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())
RESPONSE_BY_TEXT = {v["text"]: name for name, vs in DOMAIN["responses"].items() for v in vs}
FIGURE = "figure"  # a text the statistics action wrote (not in domain.yml)
# The route a reply stands for, by the first response of the reply.
ROUTE_OF = {
    "utter_signpost_emergency": "emergency",
    "utter_signpost_report": "report",
    "utter_signpost_no_danger": "report",
    "utter_signpost_online_content": "online_content",
    "utter_signpost_radicalisation": "radicalisation",
    "utter_signpost_crisis": "crisis",
    "utter_refuse_harm": "refusal",
    "utter_signpost_other_crime": "other_crime",
    "utter_signpost_other_language": "other_language",
    FIGURE: "statistics",
    "utter_greet": "chitchat",
    "utter_thank": "chitchat",
    "utter_goodbye": "chitchat",
    "utter_capabilities": "chitchat",
    "utter_no_live_chat": "chitchat",
    "utter_out_of_scope": "out_of_scope",
    "utter_fallback": "out_of_scope",
    "utter_default": "out_of_scope",
    "utter_service_unavailable": "statistics",
}
CONCERNS = CONCERN_ROUTES  # the held-out files name these routes as addons/route_labels.py does
# A compound question's parts: the replies (domain response names, or words of a figure) that answer each.
# Figures are written as the page writes them, not read from actions/figures.yml: a wrong figure there must fail.
PART_ANSWERS = {
    "prevent": {"utter_explain_prevent"},
    "pursue": {"utter_explain_pursue"},
    "protect": {"utter_explain_protect"},
    "prepare": {"utter_explain_prepare"},
    "channel": {"utter_explain_channel"},
    "contest": {"utter_explain_contest"},
    "four_ps": {"utter_explain_contest"},
    "mi5": {"utter_explain_mi5"},
    "ctp_what_we_do": {"utter_explain_ctp"},
    "referral": {"utter_signpost_radicalisation", "utter_signpost_report"},
    "threat_level": {"utter_explain_threat_level"},
    "threat_level_meaning": {"utter_explain_threat_level"},
    "prevent_ideologies": {"utter_explain_prevent_ideologies"},
    "channel_per_year": {"500"},
    "state_threats": {"utter_explain_state_threats"},
    "war_crimes": {"utter_explain_war_crimes"},
    "ctiru": {"utter_explain_ctiru"},
    "prevent_duty": {"utter_explain_prevent_duty"},
    "prevent_all_ideologies": {"utter_explain_prevent_ideologies"},
    "report_online_content": {"utter_signpost_online_content"},
    "funding": {"HM Government"},
    "gov_uk_act": {"gov.uk/ACT"},
    "arrests_per_year": {"250"},
    "prisoners": {"254"},
    "late_stage_plots": {"43 late-stage"},
    "live_investigations": {"800"},
    "prevent_referrals": {"7,000"},
    "public_contacts": {"22,000"},
    "reports_passed_on": {"one in five"},
    "ctiru_referrals_2024": {"11,000"},
    "ctiru_referrals_2025": {"1,800"},
}
# Other names the sets give the same parts
PART_NAMES = {"arrests": "arrests_per_year", "prison": "prisoners", "plots": "late_stage_plots"}
# Parts named in a set but not above (e.g. "figure_not_on_page") are checked by must_mention only.


def route_of(names):
    first = next((n for n in names if n != "utter_signpost_line"), names[0] if names else None)
    if first and first.startswith("utter_explain_"):
        return "knowledge"
    return ROUTE_OF.get(first, f"? {first}")


def send(url, text, sender):
    response = requests.post(url, json={"sender": sender, "message": text}, timeout=60)
    response.raise_for_status()
    messages = response.json()
    return [RESPONSE_BY_TEXT.get(m.get("text"), FIGURE) for m in messages], [
        m.get("text", "") for m in messages
    ]


def judge(item, names, texts):
    """One message or turn of heldout2/3: which checks failed (an empty list: all passed)."""
    reply = "\n".join(texts)
    route = route_of(names)
    failed = []
    if route not in [item["expect"]] + list(item.get("also_accept", [])):
        failed.append(f"route {route}")
    failed += [f"missing {m!r}" for m in item.get("must_mention", []) if m.lower() not in reply.lower()]
    if isinstance(item.get("topic"), list):
        for part in item["topic"]:
            wanted = PART_ANSWERS.get(PART_NAMES.get(part, part))
            if wanted and not any(w in names or w in reply for w in wanted):
                failed.append(f"part {part} not answered")
    return route, failed


def evaluate_set(url, data) -> dict:
    rows = []
    for item in data["messages"]:
        names, texts = send(url, item["text"], str(uuid.uuid4()))
        rows.append((item, names, texts))
    for conversation in data["conversations"]:
        sender = str(uuid.uuid4())
        for turn in conversation["turns"]:
            names, texts = send(url, turn["text"], sender)
            rows.append(({**turn, "turn": True}, names, texts))
    results = []
    for item, names, texts in rows:
        route, failed = judge(item, names, texts)
        results.append(
            {
                "text": item["text"],
                "expect": item["expect"],
                "route": route,
                "failed": failed,
                "turn": item.get("turn", False),
                "compound": isinstance(item.get("topic"), list),
                "has_mention": bool(item.get("must_mention")),
                "names": names,
                "reading_age": readability.score("\n".join(texts))["reading_age"] if texts else None,
            }
        )
    return kept_unread(summarise(results)) if data.get("unread") else summarise(results)


def kept_unread(result: dict) -> dict:
    """A set marked `unread: true` is kept for measuring the next change blind: its figures are
    reported, its failed messages are not (neither here nor in the files), so no one mends them."""
    return {**result, "failures": [], "failures_not_listed": len(result["failures"])}


def summarise(results) -> dict:
    def share(items, ok):
        items = list(items)
        return {"ok": sum(1 for r in items if ok(r)), "total": len(items)}

    route_ok = lambda r: not any(f.startswith("route") for f in r["failed"])  # noqa: E731
    by_route = {
        route: share((r for r in results if r["expect"] == route), route_ok)
        for route in sorted({r["expect"] for r in results})
    }
    ages = [r["reading_age"] for r in results if r["reading_age"] is not None]
    return {
        "route_accuracy": share(results, route_ok),
        "route_accuracy_messages": share((r for r in results if not r["turn"]), route_ok),
        "route_accuracy_turns": share((r for r in results if r["turn"]), route_ok),
        "concern_recall": share((r for r in results if r["expect"] in CONCERNS), route_ok),
        # the first set's "routing recall": the reply holds the contacts the message needs (must_mention)
        "concern_contacts": share(
            (r for r in results if r["expect"] in CONCERNS),
            lambda r: not any(f.startswith("missing") for f in r["failed"]),
        ),
        "by_route": by_route,
        "must_mention": share(
            (r for r in results if r["has_mention"]),
            lambda r: not any(f.startswith("missing") for f in r["failed"]),
        ),
        "compound_parts": share(
            (r for r in results if r["compound"]),
            lambda r: not any(f.startswith("part") for f in r["failed"]),
        ),
        "all_checks": share(results, lambda r: not r["failed"]),
        "reading_age": {
            "median": round(statistics.median(ages), 1),
            "max": max(ages),
            "above_12": sum(1 for a in ages if a > 12),
        },
        "worst_reading_age": sorted(
            {(r["reading_age"], tuple(r["names"])) for r in results if r["reading_age"] is not None},
            reverse=True,
        )[:5],
        # the action server did not answer: a figure check failing for that is not the answer's fault
        "service_unavailable": sum(1 for r in results if "utter_service_unavailable" in r["names"]),
        "failures": [r for r in results if r["failed"]],
    }


def evaluate_set1(url) -> dict:
    from bench.run_bench import intent_accuracy  # loads the model in this process

    missed = []
    for item in SET1["routing"]:
        _, texts = send(url, item["text"], str(uuid.uuid4()))
        if not all(words in "\n".join(texts) for words in item["must_contain"]):
            missed.append({"text": item["text"], "must_contain": item["must_contain"], "reply": texts})
    return {
        "intents": intent_accuracy(MODEL),
        "routing": {
            "ok": len(SET1["routing"]) - len(missed),
            "total": len(SET1["routing"]),
            "missed": missed,
        },
    }


NOTES = """\
- Route: which reply came first (domain.yml response; a figure is a text the statistics action wrote).
  A concern routed to another concern reply still carries 999 and gov.uk/ACT; it counts as wrong here.
- The second set was written apart from data/, but it is no longer fully held out: the fixes for
  issue 9 (word cues in addons/nlu/cues.py and safety.py, figure phrases `asked_as` in
  actions/figures.yml, new training sentences of our own) were made after reading its failures.
  No sentence of it was copied into data/; tests/test_held_out.py checks that. 49 of its 422 messages
  (greetings, "what is X") were already in data/ before it was written: they count here.
- First measurement of the second set, before the issue 9 work: route accuracy 341/422 (80.8%),
  concern recall 135/191 (70.7%), must_mention 262/340 (77.1%), compound questions 2/12;
  first set 206/215 intents, 62/63 routing.
- The third and fourth sets were written the same way, each by a session that had seen neither
  data/, the code, the tests nor the earlier sets. First measurements, before any change made
  from their misses: third 389/465 routes right (83.7%), concerns 185/242 (76.4%), concern replies
  holding their contacts 94.2%; fourth (after the third's round of work) 402/455 (88.4%), concerns
  222/258 (86.0%), contacts 244/258 (94.6%). The third set's misses were then read and mended
  (word cues, safety phrases, follow-ups, figure links; no sentence copied); of the fourth only the
  14 concern misses whose reply lacked the contact were read, and 5 of them mended. So the fourth
  set's first figures are the honest measure of this work; the rows below are not held out any more.
- The fifth set (written the same way) was first measured on commit efd3bbb, before the fifth
  round: 456/561 routes right (81.3%), concerns 241/328 (73.5%), contacts 299/328 (91.2%)
  (results/bench/heldout5-first-measurement.md). The fifth round (2,135 training sentences from six
  writers who saw no test or held-out set; every route under the fallback and off-topic replies)
  was made without reading it; its figures in this file are its first reading after that round.
- The sixth set was written after the fifth round, the same way, and first measured on its commit
  (ac40443): 481/540 routes right (89.1%), concerns 261/306 (85.3%), contacts 299/306 (97.7%)
  (results/bench/heldout6-first-measurement.md). Nothing was changed after reading it, except
  that two of its sentences, written word for word by a training writer too ("can u just talk to
  me for a bit im not ok", "how many people were convicted of terrorism last year"), were taken
  out of data/ after that measurement.
- The sixth round read the misses of the fifth and sixth sets (so they are not held out any more)
  and added no training sentence: it added a second look (addons/nlu/second_look.py) that reads
  the sentence's meaning where the word classifier is unsure. The seventh set was written before
  that round, the same way, and first measured on 111c3ab: 549/606 routes right (90.6%), concerns
  295/334 (88.3%), contacts 332/334 (99.4%) (results/bench/heldout7-first-measurement.md); its
  figures in this file are its first reading after the round. Three of its sentences, written
  word for word by a training writer too, were taken out of data/ for the round's model (111c3ab
  still had them).
- The seventh round read the seventh set's misses (with those of sets 3-6 still left) and mended
  them with word cues in the routing table (addons/nlu/cues.py, safety.py, routing.py); no
  training sentence was added. The eighth set was written before that round, the same way, and
  first measured on 9b46985: 578/660 routes right (87.6%), concerns 299/354 (84.5%), contacts
  335/354 (94.6%) (results/bench/heldout8-first-measurement.md). Its first reading after those
  cues, still unread, was 580/660, concerns 301/354, contacts 335/354
  (results/bench/heldout8-after-round7-blind.md); its misses were then read and mended the same
  way, so its figures in this file are not held out any more. 26 of its texts, none longer than
  eight words, were already in data/ by chance.
- The ninth set was written during the eighth round, the same way, and first measured on c5ecd36:
  653/719 routes right (90.8%), concerns 346/396 (87.4%), contacts 394/396 (99.5%)
  (results/bench/heldout9-first-measurement.md). With 706 training sentences by three new writers,
  still unread, it routed 647/719, concerns 342/396 (heldout9-with-unused-training-sentences.md),
  so they were not kept. Its concern misses were then read (the replies' Prevent line and the
  figure-question parts came after), so its figures in this file are not held out any more.
  42 of its texts, none longer than eight words, were already in data/ by chance.
- The tenth set was written at the end of the eighth round, the same way, and first measured on
  c5ecd36: 504/582 routes right (86.6%), concerns 279/337 (82.8%), contacts 332/337 (98.5%)
  (results/bench/heldout10-first-measurement.md); after the round, 504, 279 and 333
  (heldout10-after-round8.md). It was kept unread (its failed messages listed nowhere) until the
  twelfth round, so later changes could be measured on it blind. The ninth round
  measured one change on it, a sentence encoder tuned on the training intents: 508-510 routes,
  284-285 concerns, 333 contacts; not kept (results/bench/round9.md).
- The eleventh set was written during the ninth round, the same way (it saw only the seed page and
  the format), and first measured on d0cc5bd: 573/641 routes right (89.4%), concerns 316/367
  (86.1%), contacts 363/367 (98.9%) (results/bench/heldout11-first-measurement.md). With the
  tuned encoder it routed 568, concerns 315, contacts 363, so that was not kept. It was kept
  unread like the tenth until the twelfth round. 13 of its texts, none longer than eight words, were already in
  data/ by chance.
- The tenth round made sets 3-9 training data: the single messages of their concern and off-topic
  routes (1,884, leaving out repeats, texts already in data/ or in a set still held out, and 6 in
  which the redactor finds a name) are in data/nlu.yml; each of those files says
  `training_data: true`. This report leaves them out: their last held-out figures are in the
  README. Measured on the two unread sets before it was kept:
  tenth 504 -> 518 routes, concerns 279 -> 291, contacts 333 -> 333; eleventh 573 -> 577, concerns
  316 -> 323, contacts 363 -> 362 (results/bench/round10.md).
- The eleventh round added their single questions and small talk too (824, each under the intent
  its writer's topic names; topics with no single intent left out), and five word cues written
  from the second set's four concern misses (read rounds ago; so its 191/191 is not a held-out
  figure). On the two unread sets: tenth 518 -> 521 routes, concerns 291 -> 291, contacts 333 ->
  333; eleventh 577 -> 584, concerns 323 -> 323, contacts 362 -> 362 (results/bench/round11.md).
- The twelfth set was written at the end of the eleventh round, the same way, and first measured on
  e215c2e (the round's last commit): 556/607 routes right (91.6%), concerns 331/367 (90.2%),
  contacts 362/367 (98.6%) (results/bench/heldout12-first-measurement.md). 53 of its 587 single
  messages were already in data/ word for word (earlier writers wrote the same sentences) and were
  removed by a script without reading the set. It is marked `unread: true`.
- The twelfth round read the misses of the tenth and eleventh sets (so their figures here are not
  held out any more) and wrote word cues and danger phrases from them; it also made every concern
  reply give Samaritans (116 123) and the line after every answer give the hotline too. Making
  their 853 single messages training sentences was tried and not kept (twelfth set 556 -> 557
  routes, thirteenth 574 -> 570). The thirteenth set was written at the start of that round, the
  same way (a helper that saw only the seed page and the format), and first measured on b8d72d1
  (the eleventh round's last commit): 574/646 routes right (88.9%), concerns 353/405 (87.2%),
  contacts 395/405 (97.5%) (results/bench/heldout13-first-measurement.md). 54 of its 627 single
  messages were already in data/ word for word and were removed by a script without reading the
  set. It is marked `unread: true`. After the round, on the two unread sets: twelfth 556 -> 559
  routes, concerns 331 -> 334, contacts 362 -> 365 of 367; thirteenth 574 -> 578, concerns 353 ->
  357, contacts 395 -> 403 of 405. The concern gain is two routing rows (a report route the
  classifier is sure of stands over words that only say someone keeps a weapon, or over harm words
  in a message that asks for nothing; one refusal of the twelfth became a report); the contacts gain
  is the replies' Samaritans line, chosen after looking at both sets' misses counted by route and
  missing contact (not their messages), so it is not fully blind (results/bench/round12.md).
- The fourteenth set was written at the start of the thirteenth round, the same way (a helper that
  saw only the seed page and the format, with new personas), and first measured on 733d3e2 (the
  twelfth round's last commit, its own model): 587/670 routes right (87.6%), concerns 419/482
  (86.9%), contacts 479/482 (99.4%) (results/bench/heldout14-first-measurement.md). 39 of its 636
  single messages were already in data/ word for word and were removed by a script without reading
  the set. It is marked `unread: true`. The thirteenth round added danger phrases for pleas,
  injuries and danger words said in a few words ("please help us", "someones hurt", "send help",
  "gun!!", "hes outside"), crisis phrases for a last goodbye or fear said alone, every route under
  the goodbye, thanks and "what can you do" replies, and Samaritans in the no-live-chat reply. On
  the three unread sets: twelfth 559 -> 560 routes, concerns 334 -> 335, contacts 365 -> 366 of
  367, emergencies 52 -> 53 of 54; thirteenth 578, 357 and 403 -> 404 of 405; fourteenth 587 ->
  588, 419 -> 420, contacts 479 of 482, emergencies 79 -> 80 of 80. Not fully blind: the unread
  sets' misses were counted by route and by the reply they got (two emergencies and two crises
  had got small-talk replies) before the short-danger phrases and the footers were written; their
  messages were never read (results/bench/round13.md).
- The fifteenth set was written at the start of the fourteenth round, the same way (a helper that
  saw only the seed page and the format, with new personas), and first measured on 413eb63 (the
  thirteenth round's last commit, its own model): 573/658 routes right (87.1%), concerns 423/490
  (86.3%), contacts 485/490 (99.0%), emergencies 74/79 999 first
  (results/bench/heldout15-first-measurement.md). 49 of its 640 single messages were already in
  data/ word for word, and so was the first turn of one conversation; a script removed them (that
  conversation whole) without reading the set. It is marked `unread: true`. The fourteenth round
  added a count asked after a topic ("how many referrals do they get" after CTIRU), groups sharing
  how to make weapons as online material, the chat asked to pass a report on, a crisis that threatens others (999
  first), and Prevent in the every-route footer. On the unread sets: thirteenth 578 -> 579 routes,
  concerns 357 -> 358; fifteenth 573 -> 574, 423 -> 424, contacts 485 -> 487 of 490; nothing else
  moved. The contacts gain (the Prevent line) came after the fifteenth set's misses were counted
  by route and reply, so it is not blind (results/bench/round14.md).
- Follow-ups that lean on the previous answer ("since when", "who funds it", "and last year") are
  answered by a dialogue policy (addons/dialogue/) from the previous turn's reply or figure.
- Each set's writer chose the expected route alone; some choices are debatable (a message naming
  both a person and online material, a threat overheard at work: radicalisation, report or
  emergency), and every concern reply carries 999 and gov.uk/ACT whatever the route. The ninth
  set was labelled a second time by someone who saw only its texts
  (bench/heldout9-second-labels.yml, bench/label_agreement.py): the two chose the same route for
  704 of 719 items and shared an accepted route for 718, and for all 396 concern items; 48 of the
  bot's 50 concern misses on its first measurement were routes both labellings reject."""


def pct(share):
    return f"{share['ok']}/{share['total']} ({share['ok'] / share['total']:.1%})" if share["total"] else "–"


CHECKS = (
    ("route accuracy, all messages and turns", "route_accuracy"),
    ("route accuracy, single messages", "route_accuracy_messages"),
    ("route accuracy, conversation turns", "route_accuracy_turns"),
    ("routing recall, concern messages", "concern_recall"),
    ("concern messages whose reply holds the contacts they need (999, gov.uk/ACT, ...)", "concern_contacts"),
    ("must_mention checks", "must_mention"),
    ("compound questions, every part answered", "compound_parts"),
    ("every check passed", "all_checks"),
)


def set_label(name) -> str:
    """A set's name, marked where its messages are training data: its figures are not held-out figures."""
    return f"{name} (training data)" if is_training_data(name) else name


def summary_table(later) -> list:
    """The figures of the later sets side by side (what main prints)."""
    names = list(later)
    lines = [
        "| check | " + " | ".join(f"bench/{set_label(n)}" for n in names) + " |",
        "|---" * (len(names) + 1) + "|",
    ]
    lines += [f"| {label} | " + " | ".join(pct(later[n][key]) for n in names) + " |" for label, key in CHECKS]
    ages = [later[n]["reading_age"] for n in names]
    lines.append(
        "| reading age of replies: median / max / above 12 | "
        + " | ".join(f"{a['median']} / {a['max']} / {a['above_12']}" for a in ages)
        + " |"
    )
    lines += ["", "Route accuracy by expected route:", ""]
    lines += ["| route | " + " | ".join(set_label(n) for n in names) + " |", "|---" * (len(names) + 1) + "|"]
    routes = sorted({route for n in names for route in later[n]["by_route"]})
    lines += [
        f"| {route} | "
        + " | ".join(pct(later[n]["by_route"].get(route, {"ok": 0, "total": 0})) for n in names)
        + " |"
        for route in routes
    ]
    return lines


def markdown(set1, later) -> str:
    intents = set1["intents"]
    lines = [
        "# Held-out evaluation (issue 9)",
        "",
        f"Generated by `python bench/heldout_eval.py` on {time.strftime('%Y-%m-%d %H:%M')} UTC, "
        "the real servers over REST, one new conversation per message.",
        "",
        "## bench/heldout.yml (first set)",
        "",
        f"- intent accuracy (whole NLU pipeline): {intents['total'] - len(intents['wrong'])}/{intents['total']} "
        f"({intents['accuracy']:.1%})",
        f"- routing recall (reply contains the contact): {pct(set1['routing'])}",
        "",
        "## The later sets (second on)",
        "",
        *summary_table(later),
    ]
    for name, result in later.items():
        lines += [
            "",
            f"Highest reading ages of a whole reply in {name} (textstat, as bench/readability.py scores it):",
            "",
        ]
        lines += [f"- {age}: {' + '.join(names)}" for age, names in result["worst_reading_age"]]
        lines += [
            "",
            f"Replies saying the figures could not be fetched (action server down): {result['service_unavailable']}.",
        ]
    lines += ["", "## How to read these figures", "", *NOTES.splitlines()]
    lines += ["", "## What failed", "", "First set, intents:", ""]
    lines += [f"- `{w['text']}`: {w['expected']} → {w['predicted']}" for w in intents["wrong"]]
    lines += ["", "First set, routing:", ""]
    lines += [f"- `{m['text']}`: wanted {m['must_contain']}" for m in set1["routing"]["missed"]] or ["- none"]
    for name, result in later.items():
        lines += ["", f"bench/{name} (`turn` = inside a conversation):", ""]
        if result.get("failures_not_listed"):
            lines += [
                f"- {result['failures_not_listed']} not listed: the set is marked `unread: true`, kept for "
                "measuring the next change blind"
            ]
            continue
        lines += [
            f"- {'turn ' if r['turn'] else ''}`{r['text']}` (expect {r['expect']}): {'; '.join(r['failed'])} "
            f"— replies {r['names']}"
            for r in result["failures"]
        ] or ["- none"]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rasa-port", type=int, default=settings.get_int("BENCH_RASA_PORT"))
    parser.add_argument("--actions-port", type=int, default=settings.get_int("BENCH_ACTIONS_PORT"))
    parser.add_argument(
        "--sets",
        help="only these later sets, comma-separated (e.g. heldout7.yml): a trial run, written to "
        f"{LOGS.relative_to(ROOT)}/ so the report in {OUT.relative_to(ROOT)}/ keeps every set",
    )
    args = parser.parse_args()
    chosen = args.sets.split(",") if args.sets else held_out_set_names()  # a training-data set only if named
    unknown = sorted(set(chosen) - set(LATER_SETS))
    if unknown:
        parser.error(f"no such held-out set: {', '.join(unknown)} (there are: {', '.join(LATER_SETS)})")
    out = LOGS if args.sets else OUT
    env = server_env(args.actions_port)
    actions = Process("actions", action_server_cmd(args.actions_port), env, LOGS / "actions.log", ROOT)
    rasa = Process("rasa", rasa_server_cmd(args.rasa_port), rasa_env(env), LOGS / "rasa.log", ROOT)
    url = f"http://127.0.0.1:{args.rasa_port}/webhooks/rest/webhook"
    try:
        actions.start().wait_ready(http_ok(f"http://127.0.0.1:{args.actions_port}/health"))
        rasa.start().wait_ready(rasa_ready(args.rasa_port), progress_every=30)
        later = {name: evaluate_set(url, LATER_SETS[name]) for name in chosen}
        set1 = evaluate_set1(url)
    finally:
        rasa.stop()
        actions.stop()
    out.mkdir(parents=True, exist_ok=True)
    (out / "heldout2.json").write_text(json.dumps({"set1": set1, **later}, indent=2))
    (out / "heldout2.md").write_text(markdown(set1, later))
    print("\n".join(summary_table(later)))  # the failures are in the file
    print(
        f"first set: {pct(set1['routing'])} routing, intents {set1['intents']['accuracy']:.1%}; wrote {out / 'heldout2.md'}"
    )


if __name__ == "__main__":
    main()
