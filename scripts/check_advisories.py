"""Offline check of the pinned packages (constraints.txt) against the PyPA advisory database.

pip-audit needs PyPI's JSON API or OSV on the internet; this needs only a copy of
https://github.com/pypa/advisory-database (OSV YAML under vulns/<package>/). Get one with
    git clone --depth 1 https://github.com/pypa/advisory-database /path/advisory-database
and run
    python scripts/check_advisories.py --db /path/advisory-database [--allow FILE]
--db may be the clone, its vulns/ folder, an extracted copy, or a bare git dir (read with
`git archive`, nothing written). Exit status: 0 nothing affected (or every finding accepted in
--allow), 1 a pinned version is affected, 2 bad input.
"""

import argparse
import io
import json
import re
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

import yaml
from packaging.version import InvalidVersion, Version

# libyaml's loader when present: 2,600 advisory files in a few seconds instead of ~15.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ROOT = Path(__file__).resolve().parent.parent
GET_DB_HINT = (
    "get a copy with: git clone --depth 1 https://github.com/pypa/advisory-database "
    "/path/advisory-database  (then pass --db /path/advisory-database)"
)


class InputError(Exception):
    """Bad input: the message is shown as is and the exit status is 2."""


def normalise(name: str) -> str:
    """PEP 503 name: PyYAML, pyyaml, Py_YAML and py.yaml are one package."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(path: Path) -> Dict[str, str]:
    """name==version lines of a constraints file, keyed by normalised name."""
    if not path.is_file():
        raise InputError(f"constraints file not found: {path}")
    pins = {}
    for number, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.split("#", 1)[0].split(";", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*===?\s*(\S+)", line)
        if not match:
            raise InputError(f"{path}:{number}: not an exact pin (name==version): {raw!r}")
        pins[normalise(match.group(1))] = match.group(3)
    return pins


def read_allow(path: Optional[Path]) -> Dict[str, str]:
    """Accepted findings: one `ID reason...` a line (ID or any alias); a reason is required."""
    if path is None:
        return {}
    if not path.is_file():
        raise InputError(f"allow file not found: {path}")
    accepted = {}
    for number, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 1)
        if len(parts) < 2 or not parts[1].strip():
            raise InputError(f"{path}:{number}: an accepted advisory needs a reason: {raw!r}")
        accepted[parts[0].upper()] = parts[1].strip()
    return accepted


def _is_git_dir(path: Path) -> bool:
    return (path / "HEAD").is_file() and (path / "objects").is_dir()


def _git(path: Path, *args: str) -> Optional[str]:
    """Output of a git command on the database, or None when it is not a git checkout."""
    try:
        done = subprocess.run(["git", "-C", str(path), *args], capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout.decode()


def load_documents(db: Path) -> Iterable[Tuple[str, str]]:
    """(file name, text) of every advisory file, from a folder or a bare git dir."""
    if not db.exists():
        raise InputError(f"advisory database not found: {db}\n{GET_DB_HINT}")
    if _is_git_dir(db) and not (db / "vulns").is_dir():
        try:
            archive = subprocess.run(
                ["git", "-C", str(db), "archive", "HEAD", "vulns"], capture_output=True, check=True
            ).stdout
        except (OSError, subprocess.CalledProcessError) as error:
            raise InputError(f"cannot read vulns/ from the git dir {db}: {error}") from error
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            for member in tar:
                if member.isfile() and member.name.endswith((".yaml", ".yml", ".json")):
                    yield member.name, tar.extractfile(member).read().decode()
        return
    folder = db / "vulns" if (db / "vulns").is_dir() else db
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml", ".json"))
    if not files:
        raise InputError(f"no advisory files (*.yaml, *.json) under {folder}\n{GET_DB_HINT}")
    for path in files:
        yield str(path.relative_to(folder)), path.read_text()


def snapshot_of(db: Path) -> Tuple[Optional[str], Optional[str]]:
    """(commit, commit date) of the database when it is a git clone (or its vulns/) or a git dir."""
    # Only the database's own repository: a copy inside another repository must not borrow its date.
    repo = next((p for p in (db, db.parent) if _is_git_dir(p) or (p / ".git").exists()), None)
    out = _git(repo, "log", "-1", "--format=%H%n%cI") if repo else None
    if not out:
        return None, None
    commit, date = out.split()[:2]
    return commit, date


def _version(text: str) -> Optional[Version]:
    try:
        return Version(str(text))
    except InvalidVersion:
        return None


def in_range(version: Version, events: List[dict]) -> Optional[bool]:
    """OSV ECOSYSTEM range: introduced opens, fixed/limit close (exclusive), last_affected closes
    (inclusive). None when an event's version cannot be compared (reported, never guessed)."""
    parsed = []
    for event in events:
        if not isinstance(event, dict) or len(event) != 1:
            return None
        ((kind, raw),) = event.items()
        bound = _version(raw)  # introduced "0" parses as the lowest version
        if bound is None:
            return None
        parsed.append((bound, kind))
    affected = False
    # At equal versions a closing event sorts before an opening one (re-introduced after a fix).
    for bound, kind in sorted(parsed, key=lambda p: (p[0], p[1] == "introduced")):
        if kind == "introduced":
            if version < bound:
                break
            affected = True
        elif kind in ("fixed", "limit"):
            if version < bound:
                break
            affected = False
        elif kind == "last_affected":
            if version <= bound:
                break
            affected = False
    return affected


def match_advisory(advisory: dict, pins: Dict[str, str]) -> List[dict]:
    """The pins this advisory affects, one finding each (withdrawn advisories affect nothing)."""
    if advisory.get("withdrawn"):
        return []
    findings = []
    for affected in advisory.get("affected") or []:
        package = affected.get("package") or {}
        if package.get("ecosystem", "PyPI") != "PyPI":
            continue
        name = normalise(package.get("name", ""))
        if name not in pins:
            continue
        pinned = pins[name]
        version = _version(pinned)
        listed = {str(v) for v in affected.get("versions") or []}
        hit = pinned in listed or (version is not None and any(_version(v) == version for v in listed))
        unsure = False
        fixed_in = []
        for rng in affected.get("ranges") or []:
            if rng.get("type") != "ECOSYSTEM":
                continue
            events = rng.get("events") or []
            fixed_in += [str(e["fixed"]) for e in events if "fixed" in e]
            result = in_range(version, events) if version is not None else None
            unsure |= result is None
            hit |= bool(result)
        if hit or unsure:
            findings.append(
                {
                    "id": advisory.get("id"),
                    "aliases": advisory.get("aliases") or [],
                    "package": name,
                    "pinned": pinned,
                    "status": "affected" if hit else "unparseable",
                    "fixed_in": sorted(set(fixed_in), key=lambda v: _version(v) or Version("0")),
                    "summary": _one_line(advisory.get("summary") or advisory.get("details") or ""),
                }
            )
    return findings


def _one_line(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def check(db: Path, pins: Dict[str, str], accepted: Dict[str, str]) -> dict:
    """Every finding for the pins, with the accepted ones marked; counts for the summary."""
    findings, scanned, withdrawn = [], 0, 0
    for name, text in load_documents(db):
        try:
            advisory = json.loads(text) if name.endswith(".json") else yaml.load(text, Loader=YAML_LOADER)
        except (ValueError, yaml.YAMLError) as error:
            raise InputError(f"advisory file is not valid OSV YAML/JSON: {name}: {error}") from error
        if not isinstance(advisory, dict):
            raise InputError(f"advisory file is not an OSV object: {name}")
        scanned += 1
        withdrawn += bool(advisory.get("withdrawn"))
        for finding in match_advisory(advisory, pins):
            keys = [finding["id"], *finding["aliases"]]
            reason = next((accepted[k.upper()] for k in keys if k and k.upper() in accepted), None)
            finding["accepted"] = reason
            findings.append(finding)
    findings.sort(key=lambda f: (f["package"], f["id"] or ""))
    return {
        "packages_checked": len(pins),
        "advisories_scanned": scanned,
        "withdrawn_skipped": withdrawn,
        "findings": findings,
    }


def print_table(report: dict) -> None:
    print(
        f"advisory database: {report['database']}  commit {report['snapshot_commit'] or 'unknown'}"
        f"  snapshot {report['snapshot_date'] or 'unknown (pass --snapshot-date)'}"
    )
    print(
        f"{report['packages_checked']} pinned packages, {report['advisories_scanned']} advisories "
        f"read ({report['withdrawn_skipped']} withdrawn, skipped)"
    )
    rows = [
        (
            f["id"],
            f["package"],
            f["pinned"],
            ", ".join(f["fixed_in"]) or "-",
            "accepted" if f["accepted"] else f["status"],
        )
        for f in report["findings"]
    ]
    if not rows:
        print("no pinned version is affected by a known advisory")
        return
    head = ("advisory", "package", "pinned", "fixed in", "status")
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    for row in [head, tuple("-" * w for w in widths)] + rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    open_count = sum(1 for f in report["findings"] if not f["accepted"])
    print(f"{len(rows)} findings, {open_count} not accepted")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--db", required=True, help="pypa/advisory-database: clone, its vulns/ folder, or a bare git dir"
    )
    parser.add_argument("--constraints", type=Path, default=ROOT / "constraints.txt")
    parser.add_argument("--allow", type=Path, help="accepted findings: `ID reason` per line")
    parser.add_argument("--snapshot-date", help="date of the database copy (default: its git commit date)")
    parser.add_argument("--json", type=Path, default=ROOT / "results" / "security" / "advisories.json")
    args = parser.parse_args(argv)
    try:
        if not args.db.strip():
            raise InputError(f"no advisory database given\n{GET_DB_HINT}")
        args.db = Path(args.db)
        pins = read_pins(args.constraints)
        report = check(args.db, pins, read_allow(args.allow))
    except InputError as error:
        print(f"check_advisories: {error}", file=sys.stderr)
        return 2
    commit, date = snapshot_of(args.db)
    report = {
        "database": str(args.db),
        "snapshot_commit": commit,
        "snapshot_date": args.snapshot_date or date,
        **report,
    }
    print_table(report)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return 1 if any(not f["accepted"] for f in report["findings"]) else 0


if __name__ == "__main__":
    sys.exit(main())
