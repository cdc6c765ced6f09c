"""The word classifier's feature matrix (addons/nlu/classifiers.py) is Rasa's, built in one go."""

import numpy as np
import pytest
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from scipy.sparse import coo_matrix

from addons.nlu.classifiers import sentence_features


def message(rng, widths, dense_width):
    """A message with one sparse sentence block per width (as the featurizers add them, with sequence
    features and another attribute's around them), and a dense block if dense_width."""
    m = Message(data={TEXT: "x"})
    for i, width in enumerate(widths):
        counts = rng.integers(0, 3, size=(1, width)) * (rng.random((1, width)) < 0.3)
        m.add_features(
            Features(coo_matrix(rng.integers(0, 2, size=(3, width))), FEATURE_TYPE_SEQUENCE, TEXT, f"f{i}")
        )
        m.add_features(Features(coo_matrix(counts), FEATURE_TYPE_SENTENCE, TEXT, f"f{i}"))
        m.add_features(Features(coo_matrix(np.ones((1, width))), FEATURE_TYPE_SENTENCE, "intent", f"f{i}"))
    if dense_width:
        m.add_features(Features(rng.random((1, dense_width)), FEATURE_TYPE_SENTENCE, TEXT, "dense"))
    return m


@pytest.mark.parametrize("widths, dense_width", [((5, 40, 9), 0), ((5, 40, 9), 4), ((12,), 0)])
def test_the_matrix_is_the_one_rasa_builds(widths, dense_width):
    rng = np.random.default_rng(7)
    messages = [message(rng, widths, dense_width) for _ in range(60)]
    ours = sentence_features(messages)
    rasas = LogisticRegressionClassifier._create_X(None, messages)
    assert ours.shape == rasas.shape == (60, sum(widths) + dense_width)
    assert ours.format == "csr" and ours.dtype == np.float64
    assert abs(ours - rasas).max() == 0
    assert ours.nnz > 0
