"""Rasa's LogisticRegressionClassifier, safe for messages that have no features.

An empty or whitespace-only message has no tokens, hence no features, and Rasa 3.6's
LogisticRegressionClassifier raises on it (scikit-learn: "Found array with 0 feature(s)"),
which turns a blank chat message into a server error. Such messages get no intent here;
the router (addons/nlu/routing.py) then gives them the fallback reply with the signposts.
"""

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SafeLogisticRegressionClassifier(LogisticRegressionClassifier):
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
