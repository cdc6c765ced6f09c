"""Issue 8: the widget's build, unit tests and lint. dist/widget.js is built from the parts in
web/src/widget/ by mk/web.mk, with the text box limit from defaults.env; the pure parts pass
`node --test`; eslint holds the widget to its browser baseline, so a lookbehind (which stopped
the widget loading on iPhones before iOS 16.4) or other newer syntax fails the lint.
"""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from .widget_support import DIST, ROOT, WEB

ESLINT = WEB / "node_modules" / ".bin" / "eslint"
PARTS = ["config.js", "links.js", "storage.js", "dom.js", "panel.js", "main.js"]

# The link pattern as it was before issue 8: lookbehind inside strings joined at run time.
OLD_LINK_RE = r"""var LINK_RE = new RegExp(["(https?:\\/\\/[^\\s]+)",
  "((?<![\\w@.\\/-])(?:www\\.)?(?:[a-z0-9-]+\\.)+(?:uk|com))"].join("|"), "gi");
LINK_RE.test("gov.uk");"""


def _eslint(code: str, filename: str = "src/widget/probe.js") -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ESLINT), "--format", "json", "--stdin", "--stdin-filename", filename],
        input=code,
        cwd=WEB,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "BROWSERSLIST_IGNORE_OLD_DATA": "1"},
    )


def _problems(result: subprocess.CompletedProcess) -> list[str]:
    return [f"{m.get('ruleId')}: {m['message']}" for f in json.loads(result.stdout) for m in f["messages"]]


def test_node_unit_tests_of_the_pure_parts_pass(web_dist):
    tests = sorted(str(p) for p in (WEB / "test").glob("*.test.mjs"))
    assert len(tests) >= 3
    proc = subprocess.run(["node", "--test", *tests], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    passed = int(re.search(r"^# pass (\d+)$", proc.stdout, re.M).group(1))
    assert passed >= 20 and re.search(r"^# fail 0$", proc.stdout, re.M)


def test_lint_is_clean_against_the_stated_baseline(web_dist):
    package = json.loads((WEB / "package.json").read_text())
    assert package["browserslist"] == ["supports es6-module"]  # GOV.UK Frontend's JS baseline
    proc = subprocess.run(
        ["make", "-s", "-f", "mk/web.mk", "lint-js"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "eslint clean" in proc.stdout


@pytest.mark.parametrize(
    "code, expected",
    [
        (OLD_LINK_RE, "es-x/no-regexp-lookbehind-assertions"),
        ('var r = new RegExp("(?<!x)999", "g"); r.test("");', "es-x/no-regexp-lookbehind-assertions"),
        ("var r = /(?<![\\w@])gov\\.uk/g; r.test('');", "Invalid regular expression"),
        ("var o = {...{a: 1}}; o.a;", "Parsing error"),  # object spread: ES2018
        ("Promise.resolve().finally(function () {});", "es-x/no-promise-prototype-finally"),
        ("var c = new AbortController(); c.abort();", "compat/compat: AbortController is not supported"),
    ],
    ids=[
        "old-link-pattern",
        "lookbehind-in-string",
        "lookbehind-literal",
        "object-spread",
        "promise-finally",
        "unguarded-api",
    ],
)
def test_lint_fails_on_syntax_or_apis_newer_than_the_baseline(web_dist, code, expected):
    for filename in ("src/widget/probe.js", "dist/widget.js"):
        result = _eslint(code, filename)
        assert result.returncode == 1, (filename, result.stdout, result.stderr)
        assert any(expected in p for p in _problems(result)), (filename, _problems(result))


def test_lint_passes_baseline_code(web_dist):
    result = _eslint('var r = /(?:^|[^\\w])999/g; window.alert(r.test(" 999"));')
    assert result.returncode == 0, _problems(result)


def test_built_widget_is_one_classic_script_with_the_limit_from_defaults_env(web_dist):
    from addons import settings

    built = (DIST / "widget.js").read_text()
    assert re.findall(r"maxChars: (\d+)", built) == [str(settings.get_int("WIDGET_MAX_CHARS"))]
    assert built.splitlines()[1] == "(function () {" and built.rstrip().endswith("})();")
    assert not re.search(r"^\s*(import|export)\b", built, re.M), "a classic script, not a module"
    positions = [built.index((WEB / "src" / "widget" / part).read_text()) for part in PARTS]
    assert positions == sorted(positions), "every part, in order"
    for part in PARTS:
        lines = len((WEB / "src" / "widget" / part).read_text().splitlines())
        assert lines <= 300, f"{part}: {lines} lines"
    assert not (WEB / "src" / "widget.js").exists(), "the old single file is gone"


def test_build_takes_the_limit_it_is_given_and_refuses_a_bad_one(web_dist, tmp_path):
    def build(value: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [
                "make",
                "-s",
                "-f",
                "mk/web.mk",
                f"{tmp_path}/widget.js",
                f"WEB_DIST={tmp_path}",
                f"WIDGET_MAX_CHARS={value}",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )

    assert build("123").returncode == 0
    assert "var WIDGET_BUILD = { maxChars: 123 };" in (tmp_path / "widget.js").read_text()
    (tmp_path / "widget.js").unlink()
    bad = build("lots")
    assert bad.returncode != 0 and "WIDGET_MAX_CHARS must be a positive whole number" in bad.stderr
    assert not (tmp_path / "widget.js").exists()


def test_built_pages_talk_to_their_own_origin(web_dist):
    for page in ("index.html", "report.html"):
        for folder in (WEB / "src", DIST):
            html = (folder / page).read_text()
            assert "data-server" not in html and "localhost:5005" not in html, f"{folder.name}/{page}"
            assert '<script src="/widget.js"' in html
