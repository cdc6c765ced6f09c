"""`make insights`: a static HTML report of the conversations of a period, from the event store.

    python -m insights.report [--db PATH_OR_URL] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--days N] [--out FILE]

One self-contained file (charts as embedded PNGs, CSS inline, no script, nothing fetched), each
chart followed by a table with the same numbers. Prints the file's path. The report holds
redacted unanswered questions when an operator keeps them, so it is written to a private (0700)
folder, var/insights/reports/ by default.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime, timezone
from html import escape
from pathlib import Path
from typing import Iterable, List, Optional, Sequence

from addons import settings
from insights import charts, groups, queries

REPORTS_DIR = settings.ROOT / "var" / "insights" / "reports"
CSS = """
body{font-family:Arial,sans-serif;color:#0b0c0c;background:#fff;max-width:60rem;margin:2rem auto;padding:0 1rem;
line-height:1.4}
h1,h2,h3{line-height:1.2}table{border-collapse:collapse;margin:0.5rem 0 1.5rem}
caption{text-align:left;font-weight:bold;padding:0.25rem 0}
th,td{border:1px solid #505a5f;padding:0.25rem 0.5rem;text-align:left}td.n{text-align:right}
img{max-width:100%;height:auto}code{background:#f3f2f1;padding:0 0.2rem}.note{color:#383f43}
"""


def pct(value: Optional[float]) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def table(caption: str, headers: Sequence[str], rows: Iterable[Sequence], ids: Sequence[str] = ()) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = []
    for i, row in enumerate(rows):
        cells = []
        for j, cell in enumerate(row):
            text, numeric = escape(str(cell)), isinstance(cell, (int, float)) or str(cell).endswith("%")
            if j == 0:
                cells.append(f'<th scope="row">{text}</th>')
            else:
                cells.append(f"<td{' class=n' if numeric else ''}>{text}</td>")
        row_id = f' id="{escape(ids[i])}"' if i < len(ids) else ""
        body.append(f"<tr{row_id}>{''.join(cells)}</tr>")
    if not body:
        body.append(f'<tr><td colspan="{len(headers)}">None in this period.</td></tr>')
    return f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def figure(src: str, alt: str) -> str:
    return f'<p><img src="{src}" alt="{escape(alt)}"></p>'


def summary_section(s: dict) -> str:
    trend = s["fallback_trend"]
    trend_text = (
        "not enough days with traffic"
        if trend is None
        else f"{'up' if trend > 0 else 'down' if trend < 0 else 'steady'} {abs(trend) * 100:.1f} points"
        " (second half of the period against the first)"
    )
    rows = [
        ("Conversations", s["conversations"]),
        ("Messages", s["messages"]),
        ("Messages not understood (route fallback)", s["fallbacks"]),
        ("Fallback rate", pct(s["fallback_rate"])),
        ("Fallback trend", trend_text),
        ('"I don\'t have that figure" answers', s["no_figure"]),
    ]
    ids = [
        "sum-conversations",
        "sum-messages",
        "sum-fallbacks",
        "sum-fallback-rate",
        "sum-trend",
        "sum-no-figure",
    ]
    return "<h2>Summary</h2>" + table("Totals for the period", ["", "Value"], rows, ids)


def daily_section(s: dict) -> str:
    days = [d["day"].isoformat() for d in s["days"]]
    conv = [d["conversations"] for d in s["days"]]
    msgs = [d["messages"] for d in s["days"]]
    alt = f"Bar chart of conversations and messages per day, {days[0]} to {days[-1]}; the table below has the numbers."
    rows = [(d["day"].isoformat(), d["conversations"], d["messages"]) for d in s["days"]]
    return (
        "<h2>Conversations and messages per day</h2>"
        + figure(charts.per_day(days, conv, msgs), alt)
        + table("Conversations and messages per day", ["Day", "Conversations", "Messages"], rows)
    )


def routes_section(s: dict) -> str:
    routes = [(r, n, share) for r, n, share in s["routes"]]
    alt = "Horizontal bar chart of the share of messages on each route; the table below has the numbers."
    return (
        "<h2>Share of each route</h2>"
        + figure(charts.route_shares([r for r, _, _ in routes], [x for _, _, x in routes]), alt)
        + table(
            "Messages by route",
            ["Route", "Messages", "Share"],
            [(r, n, pct(x)) for r, n, x in routes],
            [f"route-{r}" for r, _, _ in routes],
        )
    )


def funnel_section(s: dict) -> str:
    f = s["funnel"]
    labels = ["Reports", 'Asked "Is anyone in danger?"', "Yes", "No", "Other or no answer"]
    keys = ["reports", "asked", "yes", "no", "other"]
    alt = "Bar chart of the report funnel: reports, the danger question asked, and its answers; the table below has the numbers."
    return (
        "<h2>Report funnel</h2>"
        '<p class="note">After a report the assistant asks "Is anyone in danger right now?" '
        "(Yes: 999; No: gov.uk/ACT). The answer is the next message of the same conversation.</p>"
        + figure(charts.funnel(["Reports", "Asked", "Yes", "No", "Other"], [f[k] for k in keys]), alt)
        + table(
            "Report funnel",
            ["Step", "Count"],
            [(lab, f[k]) for lab, k in zip(labels, keys, strict=True)],
            [f"funnel-{k}" for k in keys],
        )
    )


def fallback_section(s: dict) -> str:
    days = [d["day"].isoformat() for d in s["days"]]
    alt = "Line chart of the share of messages not understood, per day; the table below has the numbers."
    rows = [(d["day"].isoformat(), d["messages"], d["fallbacks"], pct(d["fallback_rate"])) for d in s["days"]]
    return (
        "<h2>Fallback rate</h2>"
        + figure(charts.fallback_rate(days, [d["fallback_rate"] for d in s["days"]]), alt)
        + table("Messages not understood per day", ["Day", "Messages", "Fallbacks", "Rate"], rows)
    )


def confidence_section(s: dict) -> str:
    return (
        "<h2>Intents often low in confidence or re-routed</h2>"
        f'<p class="note">The classifier\'s own guess, before the routing table; low means under '
        f"{queries.LOW_CONFIDENCE:.0%}.</p>"
        + table(
            "Intents guessed with low confidence", ["Classifier's guess", "Messages"], s["low_confidence"]
        )
        + table(
            "Re-routed by the routing table",
            ["Classifier's guess", "Routed to", "Messages"],
            s["rerouted"],
        )
    )


def figures_section(s: dict) -> str:
    return (
        "<h2>Most asked figures</h2>"
        '<p class="note">Domain terms found in statistics questions. Only the ids of the project\'s own '
        "terms (nlp/terms.yml, entity type <code>term</code>) are stored, never the words typed.</p>"
        + table("Terms in statistics questions", ["Term", "Questions"], s["figures"])
        + f'<p>"I don\'t have that figure" was answered <span id="no-figure">{s["no_figure"]}</span> times.</p>'
    )


def unanswered_section(s: dict, keeping: bool) -> str:
    rows = s["unanswered"]
    if not rows:
        why = (
            "None in this period."
            if keeping
            else "Not kept: the text of messages is only kept when an operator sets INSIGHTS_KEEP_UNANSWERED=1."
        )
        return f"<h2>Unanswered questions</h2><p>{why}</p>"
    parts = [
        "<h2>Unanswered questions</h2>",
        '<p class="note">Redacted text, grouped by similarity. To propose one as training data, run its command: '
        "it is appended to the review file (INSIGHTS_REVIEW_FILE), not to data/nlu.yml, so a person checks "
        "it before the next training.</p>",
    ]
    for n, members in enumerate(groups.group(rows), start=1):
        parts.append(f"<h3>Group {n}: {len(members)} question{'s' if len(members) > 1 else ''}</h3>")
        cells = [
            (
                r["id"],
                r.get("text") or "",
                r.get("reason") or "",
                f"make insights-add ID={r['id']} INTENT={r.get('guess') or 'INTENT_NAME'}",
            )
            for r in members
        ]
        parts.append(table(f"Group {n}", ["ID", "Question (redacted)", "Why", "Copy for review"], cells))
    return "".join(parts)


def render(s: dict, source: str, keeping: bool, now: Optional[datetime] = None) -> str:
    now = now or datetime.now(timezone.utc)
    p = s["period"]
    sections = [
        summary_section(s),
        daily_section(s),
        routes_section(s),
        funnel_section(s),
        fallback_section(s),
        confidence_section(s),
        figures_section(s),
        unanswered_section(s, keeping),
    ]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Conversation insights {p.first} to {p.last}</title><style>{CSS}</style></head><body><main>"
        f"<h1>Conversation insights: {p.first} to {p.last}</h1>"
        f'<p class="note">From {escape(source)}, made {now:%Y-%m-%d %H:%M} UTC. Days are UTC. '
        "The event store keeps intents, routes and entity types, never what people typed.</p>"
        + "".join(sections)
        + "</main></body></html>"
    )


def safe_source(db: str) -> str:
    """The database named in the report, without a password."""
    if "://" in db and "@" in db:
        scheme, rest = db.split("://", 1)
        return f"{scheme}://…@{rest.rsplit('@', 1)[1]}"
    return db


def write(html_text: str, out: Optional[Path], period: queries.Period) -> Path:
    path = Path(out) if out else REPORTS_DIR / f"insights-{period.first}-to-{period.last}.html"
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(html_text)
    return path


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default=settings.get("INSIGHTS_DB"), help="SQLite file or database URL")
    ap.add_argument("--from", dest="start", help="first day, YYYY-MM-DD (UTC)")
    ap.add_argument("--to", dest="end", help="last day, YYYY-MM-DD (default: today)")
    ap.add_argument("--days", type=int, help="number of days up to --to (default 7)")
    ap.add_argument("--out", help="HTML file to write")
    a = ap.parse_args(argv)
    db = a.db if "://" in a.db or Path(a.db).is_absolute() else str(settings.ROOT / a.db)
    try:
        from addons.insights_settings import keep_unanswered

        period = queries.Period.of(a.start, a.end, a.days)
        s = queries.summary(queries.load(db, period), period)
        path = write(render(s, safe_source(db), keep_unanswered() or bool(s["unanswered"])), a.out, period)
    except queries.InsightsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
