"""addons/rasa_command.py: the Rasa server runs without jax, which only TensorFlow Lite would import."""

from pathlib import Path

from tests.conftest import new_sender


def test_the_rasa_server_answers_without_jax_loaded(live_bot):
    reply = live_bot.ask("my neighbour keeps buying odd chemicals and talks about a target", new_sender())
    assert "gov.uk/ACT" in reply  # the model loaded and the routes work
    maps = Path(f"/proc/{live_bot.rasa_process.pid}/maps").read_text()
    assert "libtensorflow" in maps  # the right process: Rasa loads TensorFlow
    assert "jaxlib" not in maps
