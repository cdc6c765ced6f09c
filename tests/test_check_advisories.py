"""scripts/check_advisories.py against small OSV advisories written here (no real database needed)."""

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml

from scripts import check_advisories


def advisory(id_, name, ranges=None, versions=None, **extra):
    """One OSV advisory for a PyPI package; ranges are ECOSYSTEM event lists."""
    affected = {"package": {"ecosystem": "PyPI", "name": name}}
    if ranges is not None:
        affected["ranges"] = [{"type": "ECOSYSTEM", "events": events} for events in ranges]
    if versions is not None:
        affected["versions"] = versions
    return {"id": id_, "summary": f"{id_} summary", "aliases": [], "affected": [affected], **extra}


def write_db(root: Path, *advisories) -> Path:
    for adv in advisories:
        folder = root / "vulns" / adv["affected"][0]["package"]["name"].lower()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{adv['id']}.yaml").write_text(yaml.safe_dump(adv))
    return root


def run(tmp_path, db, pins, *extra):
    """Exit status and JSON report of one run."""
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("# header\n" + "\n".join(pins) + "\n")
    out = tmp_path / "report.json"
    status = check_advisories.main(
        ["--db", str(db), "--constraints", str(constraints), "--json", str(out), *extra]
    )
    return status, (json.loads(out.read_text()) if out.exists() else None)


def found(report):
    return {(f["id"], f["package"], f["pinned"]) for f in report["findings"]}


RANGE = [[{"introduced": "1.0"}, {"fixed": "2.0"}]]


@pytest.mark.parametrize(
    "pinned, hit",
    [
        ("1.0", True),
        ("1.5", True),
        ("1.9.9", True),
        ("2.0rc1", True),
        ("0.9", False),
        ("2.0", False),
        ("2.0.1", False),
    ],
)
def test_a_version_inside_introduced_and_fixed_is_affected_and_fixed_is_not(tmp_path, pinned, hit):
    db = write_db(tmp_path / "db", advisory("PYSEC-1", "demo", RANGE))
    status, report = run(tmp_path, db, [f"demo=={pinned}"])
    assert status == (1 if hit else 0)
    assert found(report) == ({("PYSEC-1", "demo", pinned)} if hit else set())
    if hit:
        assert report["findings"][0]["fixed_in"] == ["2.0"]


@pytest.mark.parametrize("pinned, hit", [("0.1", True), ("3.4.1", True), ("3.4.2", False)])
def test_last_affected_is_inclusive_and_introduced_zero_means_every_earlier_version(tmp_path, pinned, hit):
    db = write_db(
        tmp_path / "db", advisory("PYSEC-2", "demo", [[{"introduced": "0"}, {"last_affected": "3.4.1"}]])
    )
    assert run(tmp_path, db, [f"demo=={pinned}"])[0] == (1 if hit else 0)


@pytest.mark.parametrize("pinned, hit", [("1.5", True), ("2.5", False), ("3.1", True), ("4.0", False)])
def test_a_range_closed_and_reopened_has_a_gap(tmp_path, pinned, hit):
    events = [{"introduced": "1.0"}, {"fixed": "2.0"}, {"introduced": "3.0"}, {"fixed": "4.0"}]
    db = write_db(tmp_path / "db", advisory("PYSEC-3", "demo", [events]))
    assert run(tmp_path, db, [f"demo=={pinned}"])[0] == (1 if hit else 0)


@pytest.mark.parametrize("pinned, hit", [("1.2.3", True), ("1.2.3.0", True), ("1.2.4", False)])
def test_an_explicit_versions_list_without_ranges(tmp_path, pinned, hit):
    db = write_db(tmp_path / "db", advisory("PYSEC-4", "demo", versions=["1.2.2", "1.2.3"]))
    assert run(tmp_path, db, [f"demo=={pinned}"])[0] == (1 if hit else 0)


def test_a_withdrawn_advisory_is_skipped(tmp_path):
    db = write_db(
        tmp_path / "db",
        advisory("PYSEC-5", "demo", RANGE, withdrawn="2024-01-01T00:00:00Z"),
        advisory("PYSEC-6", "demo", [[{"introduced": "0"}, {"fixed": "1.0"}]]),
    )
    status, report = run(tmp_path, db, ["demo==1.5"])
    assert (status, found(report), report["withdrawn_skipped"]) == (0, set(), 1)


@pytest.mark.parametrize(
    "advisory_name, pin",
    [
        ("PyYAML", "pyyaml==5.3"),
        ("pyyaml", "PyYAML==5.3"),
        ("typing_extensions", "Typing-Extensions==5.3"),
        ("zope.interface", "zope-interface==5.3"),
    ],
)
def test_package_names_are_compared_after_pep_503_normalisation(tmp_path, advisory_name, pin):
    db = write_db(
        tmp_path / "db", advisory("PYSEC-7", advisory_name, [[{"introduced": "0"}, {"fixed": "5.4"}]])
    )
    status, report = run(tmp_path, db, [pin])
    assert status == 1 and [f["id"] for f in report["findings"]] == ["PYSEC-7"]


def test_other_ecosystems_and_git_ranges_are_ignored(tmp_path):
    npm = advisory("GHSA-npm", "demo", RANGE)
    npm["affected"][0]["package"]["ecosystem"] = "npm"
    git = advisory("PYSEC-8", "demo")
    git["affected"][0]["ranges"] = [{"type": "GIT", "repo": "https://x", "events": [{"introduced": "0"}]}]
    db = write_db(tmp_path / "db", npm, git)
    assert run(tmp_path, db, ["demo==1.5"])[0] == 0


def test_osv_json_files_are_read_too(tmp_path):
    folder = tmp_path / "db" / "advisories" / "2024"
    folder.mkdir(parents=True)
    (folder / "GHSA-x.json").write_text(json.dumps(advisory("GHSA-x", "demo", RANGE)))
    assert found(run(tmp_path, tmp_path / "db", ["demo==1.5"])[1]) == {("GHSA-x", "demo", "1.5")}


def test_an_accepted_finding_needs_a_reason_and_matches_by_alias(tmp_path):
    db = write_db(tmp_path / "db", advisory("PYSEC-9", "demo", RANGE, aliases=["CVE-2024-1"]))
    allow = tmp_path / "allow.txt"
    allow.write_text("# accepted\ncve-2024-1  demo is only used offline\n")
    status, report = run(tmp_path, db, ["demo==1.5"], "--allow", str(allow))
    assert status == 0 and report["findings"][0]["accepted"] == "demo is only used offline"
    allow.write_text("PYSEC-9\n")
    assert run(tmp_path, db, ["demo==1.5"], "--allow", str(allow))[0] == 2


def test_an_unaccepted_finding_still_fails_beside_an_accepted_one(tmp_path):
    db = write_db(tmp_path / "db", advisory("PYSEC-10", "demo", RANGE), advisory("PYSEC-11", "other", RANGE))
    allow = tmp_path / "allow.txt"
    allow.write_text("PYSEC-10 reason\n")
    status, report = run(tmp_path, db, ["demo==1.5", "other==1.5"], "--allow", str(allow))
    assert status == 1 and [f["accepted"] for f in report["findings"]] == ["reason", None]


def test_a_missing_database_says_how_to_get_one(tmp_path, capsys):
    status, report = run(tmp_path, tmp_path / "nowhere", ["demo==1.5"])
    assert status == 2 and report is None
    assert "git clone --depth 1 https://github.com/pypa/advisory-database" in capsys.readouterr().err


def test_a_constraint_that_is_not_an_exact_pin_is_bad_input(tmp_path, capsys):
    db = write_db(tmp_path / "db", advisory("PYSEC-12", "demo", RANGE))
    assert run(tmp_path, db, ["demo>=1.5"])[0] == 2
    assert "not an exact pin" in capsys.readouterr().err


def test_an_unparseable_bound_is_reported_not_guessed(tmp_path):
    db = write_db(
        tmp_path / "db", advisory("PYSEC-13", "demo", [[{"introduced": "0"}, {"fixed": "not a version"}]])
    )
    status, report = run(tmp_path, db, ["demo==1.5"])
    assert status == 1 and report["findings"][0]["status"] == "unparseable"


def test_a_bare_git_copy_is_read_and_gives_the_snapshot_commit_and_date(tmp_path):
    work = write_db(tmp_path / "work", advisory("PYSEC-14", "demo", RANGE))
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_DATE": "2024-10-10T17:35:05+00:00",
        "GIT_AUTHOR_DATE": "2024-10-10T17:35:05+00:00",
    }
    for args in (["init", "-q"], ["add", "vulns"], ["commit", "-q", "-m", "snapshot"]):
        subprocess.run(["git", "-C", str(work), *args], check=True, env=env)
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(tmp_path / "bare")], check=True)
    head = subprocess.run(
        ["git", "-C", str(work), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    status, report = run(tmp_path, tmp_path / "bare", ["demo==1.5"])
    assert status == 1 and found(report) == {("PYSEC-14", "demo", "1.5")}
    assert (report["snapshot_commit"], report["snapshot_date"]) == (head, "2024-10-10T17:35:05+00:00")
    # An extracted copy without git has no date of its own unless one is passed.
    plain = write_db(tmp_path / "plain", advisory("PYSEC-14", "demo", RANGE))
    assert run(tmp_path, plain, ["demo==1.5"])[1]["snapshot_date"] is None
    assert (
        run(tmp_path, plain, ["demo==1.5"], "--snapshot-date", "2024-10-10")[1]["snapshot_date"]
        == "2024-10-10"
    )


def test_an_empty_database_argument_is_not_taken_as_the_current_folder(tmp_path, capsys):
    assert run(tmp_path, "", ["demo==1.5"])[0] == 2
    assert "no advisory database given" in capsys.readouterr().err
