"""The event store's privacy settings (defaults.env), checked: a bad value stops start-up.

Light on purpose (no Rasa import): the launchers read it to tell the widget what is kept.
"""

from __future__ import annotations

from typing import Mapping, Optional

from addons import settings

MAX_RETENTION_DAYS = 30  # the cap on keeping anything a conversation produced


class InsightsConfigError(ValueError):
    """A setting of the event store is out of range: the server must not start."""


def retention_days(value: Optional[str] = None) -> int:
    raw = settings.get("INSIGHTS_RETENTION_DAYS") if value is None else str(value)
    try:
        days = int(raw)
    except ValueError:
        raise InsightsConfigError(
            f"INSIGHTS_RETENTION_DAYS must be a whole number of days, got {raw!r}"
        ) from None
    if not 1 <= days <= MAX_RETENTION_DAYS:
        raise InsightsConfigError(
            f"INSIGHTS_RETENTION_DAYS={days}: events may be kept for 1 to {MAX_RETENTION_DAYS} days, "
            "no longer (issue 10). Set a value in that range."
        )
    return days


def keep_unanswered(value: Optional[str] = None) -> bool:
    raw = (settings.get("INSIGHTS_KEEP_UNANSWERED") if value is None else str(value)).strip().lower()
    if raw not in ("0", "1", "true", "false", "yes", "no", "on", "off"):
        raise InsightsConfigError(f"INSIGHTS_KEEP_UNANSWERED must be 0 or 1, got {raw!r}")
    return raw in ("1", "true", "yes", "on")


def kept_text_days(env: Optional[Mapping[str, str]] = None) -> int:
    """Days the redacted text of unanswered questions is kept; 0 when that is switched off.
    ``env``: the servers' environment when it is not this process's (the production profile)."""
    env = env or {}
    keep = keep_unanswered(env.get("INSIGHTS_KEEP_UNANSWERED") or None)
    return retention_days(env.get("INSIGHTS_RETENTION_DAYS") or None) if keep else 0
