"""Rasa's LogisticRegressionClassifier, safe for messages that have no features.

An empty or whitespace-only message has no tokens, hence no features, and Rasa 3.6's
LogisticRegressionClassifier raises on it (scikit-learn: "Found array with 0 feature(s)"),
which turns a blank chat message into a server error. Such messages get no intent here;
the router (addons/nlu/routing.py) then gives them the fallback reply with the signposts.
Training fits on one BLAS thread: lbfgs on these sparse features took 30 s on one thread against
37 s on two (2-core machine; threads only wait on each other here).
The feature matrix is built in one go (sentence_features): Rasa's way, a sparse hstack per message,
took about 6 s of each training for 6,477 sentences, for the same matrix.
"""

from typing import List

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import coo_matrix, csr_matrix
from threadpoolctl import threadpool_limits


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SafeLogisticRegressionClassifier(LogisticRegressionClassifier):
    def train(self, training_data: TrainingData) -> Resource:
        # as LogisticRegressionClassifier.train, with the fit on one thread
        X, y = self._create_training_matrix(training_data)
        if X.shape[0] == 0:
            return self._resource
        with threadpool_limits(limits=1, user_api="blas"):
            self.clf.fit(X, y)
        self.persist()
        return self._resource

    def _create_X(self, messages: List[Message]) -> csr_matrix:
        return sentence_features(messages)

    def process(self, messages: List[Message]) -> List[Message]:
        with_features = [m for m in messages if has_features(m)]
        if with_features:
            super().process(with_features)
        for message in messages:
            if not has_features(message):
                message.set(INTENT, {"name": None, "confidence": 0.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
        return messages


def has_features(message: Message) -> bool:
    sparse, dense = message.get_sparse_features(TEXT)[1], message.get_dense_features(TEXT)[1]
    return bool(
        (sparse is not None and sparse.features.shape[1]) or (dense is not None and dense.features.shape[1])
    )


def sentence_features(messages: List[Message]) -> csr_matrix:
    """One row per message: its sparse sentence features of TEXT, then its dense ones, each kind in the
    order the featurizers added them. The same matrix as LogisticRegressionClassifier._create_X."""
    rows, cols, values, width = [], [], [], 0
    for row, message in enumerate(messages):
        features = [f for f in message.features if f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE]
        offset = 0
        for block in [f.features for f in features if f.is_sparse()] + [
            f.features for f in features if f.is_dense()
        ]:
            block = coo_matrix(block)
            rows.append(np.full(block.nnz, row))
            cols.append(block.col + offset)
            values.append(block.data)
            offset += block.shape[1]
        width = max(width, offset)
    if not rows:
        return csr_matrix((len(messages), width))
    return csr_matrix(
        (np.concatenate(values).astype(np.float64), (np.concatenate(rows), np.concatenate(cols))),
        shape=(len(messages), width),
    )
