"""Rasa's own checks: the training data validates, and the test stories pass on the trained model."""
import subprocess
from scripts.servers import BIN, MODEL, ROOT, server_env


def rasa(*args, timeout=600):
    return subprocess.run([str(BIN / "rasa"), *args], cwd=ROOT, env=server_env(5155), capture_output=True,
                          text=True, timeout=timeout)


def test_training_data_validates_cleanly():
    result = rasa("data", "validate", "--fail-on-warnings")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_test_stories_pass_without_prediction_errors(tmp_path):
    result = rasa("test", "core", "--model", str(MODEL), "--stories", "tests/test_stories.yml",
                  "--fail-on-prediction-errors", "--out", str(tmp_path))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "- story:" not in (tmp_path / "failed_test_stories.yml").read_text()
