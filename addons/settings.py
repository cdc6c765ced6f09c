"""The project's defaults (ports, limits), read from ``defaults.env`` at the project root.

One file owns every default so that `make run`, the production profile, the tests and the
benchmark agree. An environment variable of the same name overrides a value.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Dict

ROOT = Path(__file__).resolve().parents[1]
DEFAULTS_FILE = ROOT / "defaults.env"


class SettingsError(ValueError):
    """defaults.env is missing or malformed."""


@lru_cache(maxsize=None)
def _file_values(path: Path = DEFAULTS_FILE) -> Dict[str, str]:
    if not path.is_file():
        raise SettingsError(f"{path} is missing: it holds every default port and limit")
    values: Dict[str, str] = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip().isidentifier():
            raise SettingsError(f"{path}:{number}: expected KEY=value, got {line!r}")
        values[key.strip()] = value.strip()
    return values


def get(key: str) -> str:
    """The value of ``key``: the environment first, then defaults.env."""
    if key in os.environ and os.environ[key] != "":
        return os.environ[key]
    values = _file_values()
    if key not in values:
        raise SettingsError(f"{DEFAULTS_FILE.name} has no {key}")
    return values[key]


def get_int(key: str) -> int:
    value = get(key)
    try:
        return int(value)
    except ValueError:
        raise SettingsError(f"{key} must be a whole number, got {value!r}") from None


def file_defaults() -> Dict[str, str]:
    """Every key and value as written in defaults.env (no environment overrides)."""
    return dict(_file_values())
