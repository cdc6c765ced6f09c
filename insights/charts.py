"""Charts for the insights report: matplotlib (Agg) drawn to PNG, embedded as data: URIs.

Nothing is fetched when the report is opened. Every chart has a table beside it in the report
(the accessible alternative) and alt text saying what it shows. Colours are dark on white
(contrast above 4.5:1) and series are told apart by shape as well as colour.
"""

from __future__ import annotations

import base64
import io
from typing import List, Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

INK = "#0b0c0c"  # GOV.UK text colour
BLUE = "#1d70b8"
DARK = "#003078"
RED = "#d4351c"


def _png(fig) -> str:
    buffer = io.BytesIO()
    # metadata None: no "Software" text chunk naming a web address inside the image
    fig.savefig(buffer, format="png", dpi=96, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _axes(width: float = 7.0, height: float = 3.0):
    fig, ax = plt.subplots(figsize=(width, height))
    ax.tick_params(colors=INK)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig, ax


def per_day(days: Sequence[str], conversations: Sequence[int], messages: Sequence[int]) -> str:
    fig, ax = _axes()
    x = range(len(days))
    ax.bar([i - 0.2 for i in x], conversations, width=0.4, color=DARK, label="conversations")
    ax.bar(
        [i + 0.2 for i in x], messages, width=0.4, color=BLUE, hatch="//", edgecolor="white", label="messages"
    )
    _day_ticks(ax, days)
    ax.set_ylabel("count", color=INK)
    ax.legend(frameon=False)
    return _png(fig)


def route_shares(routes: Sequence[str], shares: Sequence[float]) -> str:
    fig, ax = _axes(height=0.35 * len(routes) + 0.6)
    ax.barh(list(routes)[::-1], [s * 100 for s in shares][::-1], color=BLUE)
    ax.set_xlabel("share of messages (%)", color=INK)
    return _png(fig)


def fallback_rate(days: Sequence[str], rates: Sequence[float]) -> str:
    fig, ax = _axes()
    points = [(i, r * 100) for i, r in enumerate(rates) if r is not None]
    if points:
        ax.plot([p[0] for p in points], [p[1] for p in points], color=RED, marker="o")
    _day_ticks(ax, days)
    ax.set_ylabel("fallback rate (%)", color=INK)
    ax.set_ylim(bottom=0)
    return _png(fig)


def funnel(labels: Sequence[str], counts: Sequence[int]) -> str:
    fig, ax = _axes(height=2.6)
    ax.bar(list(labels), list(counts), color=[DARK, BLUE, RED, BLUE, "#505a5f"][: len(labels)])
    ax.set_ylabel("count", color=INK)
    return _png(fig)


def _day_ticks(ax, days: List[str]) -> None:
    step = max(1, len(days) // 10)
    ax.set_xticks(range(0, len(days), step))
    ax.set_xticklabels(list(days)[::step], rotation=45, ha="right")
