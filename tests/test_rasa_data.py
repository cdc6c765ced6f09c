"""Rasa's own checks: the training data validates, and the test stories pass on the trained model."""

import subprocess

from addons import settings
from scripts.servers import BIN, MODEL, ROOT, server_env


def rasa(*args, timeout=600):
    return subprocess.run(
        [str(BIN / "rasa"), *args],
        cwd=ROOT,
        env=server_env(settings.get_int("TEST_ACTIONS_PORT")),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_training_data_validates_cleanly():
    result = rasa("data", "validate", "--fail-on-warnings")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_test_stories_pass_without_prediction_errors(tmp_path):
    result = rasa(
        "test",
        "core",
        "--model",
        str(MODEL),
        "--stories",
        "tests/test_stories.yml",
        "--fail-on-prediction-errors",
        "--out",
        str(tmp_path),
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "- story:" not in (tmp_path / "failed_test_stories.yml").read_text()


def test_training_data_is_laid_out_as_rasa_init_does():
    """data/nlu.yml, data/rules.yml and data/stories.yml, each in commented sections by concern."""
    data = ROOT / "data"
    assert sorted(p.name for p in data.iterdir()) == ["nlu.yml", "rules.yml", "stories.yml"]
    for name in ("nlu.yml", "rules.yml", "stories.yml"):
        headers = [line for line in (data / name).read_text().splitlines() if line.startswith("# ---")]
        assert len(headers) >= 2 * 3, f"{name}: expected a commented header per section"
