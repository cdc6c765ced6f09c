"""The held-out sets written in one format (bench/heldout2.yml on): their file names, in the order written.

One list for the benchmark (bench/heldout_eval.py) and the tests (tests/test_held_out.py): a new set
is a new file, bench/heldoutN.yml, and nothing else to edit.
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
