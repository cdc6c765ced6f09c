"""The held-out sets written in one format (bench/heldout2.yml on): their file names, in the order written.

One list for the benchmark (bench/heldout_eval.py) and the tests (tests/test_held_out.py): a new set
is a new file, bench/heldoutN.yml, and nothing else to edit. A set whose messages were later made
training data carries `training_data: true`: it stays as the record of what was measured on it, and
is no longer counted as held out.
"""

import re
from pathlib import Path
from typing import List

BENCH = Path(__file__).resolve().parent
_NUMBERED = re.compile(r"heldout(\d+)\.yml")


def later_set_names() -> List[str]:
    """heldout2.yml, heldout3.yml, ...: the sets after the first (bench/heldout.yml, another format)."""
    numbered = [m for m in (_NUMBERED.fullmatch(p.name) for p in BENCH.glob("heldout*.yml")) if m]
    return [m.group(0) for m in sorted(numbered, key=lambda m: int(m.group(1)))]


def _says(name: str, key: str) -> bool:
    """Whether the set's file has the top-level line `key: true` (read without parsing the whole set)."""
    path = BENCH / name
    return path.exists() and bool(re.search(rf"^{key}: true$", path.read_text(), re.MULTILINE))


def is_training_data(name: str) -> bool:
    """Whether this set's messages have been made training data (its file says `training_data: true`)."""
    return _says(name, "training_data")


def is_unread(name: str) -> bool:
    """Whether this set is kept unread for the next blind measurement (`unread: true`)."""
    return _says(name, "unread")


def held_out_set_names() -> List[str]:
    """The later sets still held out: every one not made training data."""
    return [name for name in later_set_names() if not is_training_data(name)]
