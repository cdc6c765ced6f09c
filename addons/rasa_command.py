"""The `rasa` command, without jax: `python -m addons.rasa_command run ...` for `rasa run ...`.

TensorFlow 2.12 (Rasa 3.6's) requires jax only for TensorFlow Lite, which imports it if it can
(tensorflow/lite/python/util.py: `try: from jax import xla_computation ... except ImportError`).
Nothing here uses TensorFlow Lite or jax, yet the import alone held about 68 MB of every Rasa
process (746 MB against 678 MB with the model loaded, measured). Marking jax as absent makes
that `from jax import` raise ImportError, the case TensorFlow Lite already handles; jax stays
installed, so `pip check` and TensorFlow's own requirements are unchanged.
"""

import sys

sys.modules["jax"] = None  # type: ignore[assignment]  # an import of jax now raises ImportError

from rasa.__main__ import main  # noqa: E402  (after the line above, which must come first)

if __name__ == "__main__":
    main()
