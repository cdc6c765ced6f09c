"""`make insights-add ID=… INTENT=…`: copy one unanswered question into the review file.

    python -m insights.review --id 41 --intent ask_what_is_prevent [--db PATH_OR_URL] [--file FILE]

The question (already redacted) is appended, in Rasa's NLU format, to INSIGHTS_REVIEW_FILE
(var/insights/review.yml), not to data/nlu.yml: `rasa train` reads every file under data/, so a
question written there would be trained on before anyone checked that the intent is right, that
redaction missed nothing, and that it is not a held-out sentence (bench/heldout.yml). A person
moves the checked examples into data/nlu.yml by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import List, Optional

import sqlalchemy as sa
import yaml

from addons import settings
from addons.event_broker import UNANSWERED_EVENT
from insights.queries import InsightsError, db_url

HEADER = (
    "# Questions the assistant did not understand, proposed for training (make insights-add).\n"
    "# Review each one (intent right? anything personal left?), then move it to data/nlu.yml by hand.\n"
    'version: "3.1"\nnlu:\n'
)


def domain_intents(domain: Path = settings.ROOT / "domain.yml") -> List[str]:
    return [
        str(i) if not isinstance(i, dict) else next(iter(i))
        for i in yaml.safe_load(domain.read_text())["intents"]
    ]


def unanswered_row(db: str, row_id: int) -> dict:
    engine = sa.create_engine(db_url(db))
    try:
        with engine.connect() as connection:
            found = connection.execute(
                sa.text("SELECT data FROM events WHERE id = :id"), {"id": row_id}
            ).fetchone()
    finally:
        engine.dispose()
    if found is None:
        raise InsightsError(f"no row {row_id} in the event store (deleted after the retention period?)")
    row = json.loads(found[0])
    if row.get("event") != UNANSWERED_EVENT or not row.get("text"):
        raise InsightsError(
            f"row {row_id} is not an unanswered question (it is a {row.get('event')!r} event)"
        )
    return row


def append(review_file: Path, intent: str, text: str, row_id: int) -> None:
    review_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    new = not review_file.exists() or review_file.stat().st_size == 0
    fd = os.open(review_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    example = " ".join(text.split())  # one line: an example in Rasa's `examples: |` block
    with os.fdopen(fd, "a", encoding="utf-8") as f:
        f.write(
            (HEADER if new else "")
            + f"  - intent: {intent}  # event {row_id}\n    examples: |\n      - {example}\n"
        )


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--id", type=int, required=True, help="the question's ID in the insights report")
    ap.add_argument("--intent", required=True, help="the intent it should have (one of domain.yml)")
    ap.add_argument("--db", default=settings.get("INSIGHTS_DB"))
    ap.add_argument("--file", default=settings.get("INSIGHTS_REVIEW_FILE"))
    a = ap.parse_args(argv)
    db = a.db if "://" in a.db or Path(a.db).is_absolute() else str(settings.ROOT / a.db)
    review_file = Path(a.file) if Path(a.file).is_absolute() else settings.ROOT / a.file
    try:
        if a.intent not in domain_intents():
            raise InsightsError(f"{a.intent!r} is not an intent of domain.yml")
        row = unanswered_row(db, a.id)
        append(review_file, a.intent, row["text"], a.id)
    except InsightsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"added to {review_file} for review: {a.intent}: {row['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
