"""A second look, with the sentence's meaning, at messages the word classifier is unsure of.

The word classifier (SafeLogisticRegressionClassifier) only knows words and character n-grams
it has seen. Where its confidence is below `below` and its guess is not off-topic, this
classifier decides instead: the same logistic regression, over the same word features plus the
message's sentence embedding (addons/nlu/sentence_encoder.py), so a concern in new words still
lands near its route.
Only unsure messages of `min_words` words or more pay for the embedding (about 10 ms on this
2-core machine: a quarter of held-out messages); confident and short ones go through as before.
"""

import logging
from functools import lru_cache
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack

from addons.nlu.classifiers import SafeLogisticRegressionClassifier, has_features
from addons.nlu.sentence_encoder import EncoderMissing, SentenceEncoder, shared_encoder

logger = logging.getLogger(__name__)

BELOW = "below"
MIN_WORDS = "min_words"
SCALE = "scale"
# The word classifier's "none of these": its reply shows every route (999, gov.uk/ACT, 101, 116 123).
# Meaning alone pulled such messages into a wrong topical reply ("who won the football, his name is
# [name]" -> another crime; "relax its only for a novel" after a refusal -> crisis); kept as it is.
NONE_OF_THESE = "out_of_scope"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SecondLookClassifier(SafeLogisticRegressionClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            **SafeLogisticRegressionClassifier.get_default_config(),
            BELOW: 0.8,  # the word classifier's confidence under which this one decides
            # shorter messages are mostly greetings and follow-ups ("since when?"), which the dialogue
            # policy answers from context: leaving them out changed no concern route of held-out sets 2-7
            MIN_WORDS: 4,
            SCALE: 10.0,  # the embedding has unit length, the counts do not: how much meaning weighs
        }

    def __init__(self, config: Dict[Text, Any], *args: Any) -> None:
        super().__init__(config, *args)
        for key in (BELOW, MIN_WORDS, SCALE):
            value = self.config[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
                raise ValueError(f"{type(self).__name__}: {key} must be a positive number, not {value!r}")

    def _create_X(self, messages: List[Message]) -> csr_matrix:
        words = super()._create_X(messages)
        meaning = shared_encoder().encode_many([m.get(TEXT) for m in messages]) * float(self.config[SCALE])
        return hstack([words, csr_matrix(meaning)]).tocsr()

    def process(self, messages: List[Message]) -> List[Message]:
        unsure = [m for m in messages if has_features(m) and self._decides(m)]
        if unsure and _encoder_or_none() is not None:
            super().process(unsure)
        return messages

    def _decides(self, message: Message) -> bool:
        long_enough = len((message.get(TEXT) or "").split()) >= self.config[MIN_WORDS]
        guess = message.get(INTENT) or {}
        unsure = float(guess.get("confidence") or 0.0) < float(self.config[BELOW])
        return long_enough and unsure and guess.get("name") != NONE_OF_THESE


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class EmbedAhead(GraphComponent):
    """Training only: starts embedding the training sentences the second look will need while the
    word classifier fits on one thread, so the other core is not idle (on this 2-core machine
    3,770 training sentences took about 13 s to embed, hidden in the fit). With 6,478 (round 11) the
    two threads slow each other: training took 120 s with it and 119 s without (round11.md).
    Adds no features; at run time it does nothing. Without it the second look embeds the sentences
    itself."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "EmbedAhead":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        encoder = _encoder_or_none()
        if encoder is not None:  # if it is missing, the second look's training says so, loudly
            encoder.encode_ahead([m.get(TEXT) for m in training_data.intent_examples if m.get(TEXT)])
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        return messages


@lru_cache(maxsize=1)
def _encoder_or_none() -> Optional[SentenceEncoder]:
    # At run time a missing encoder must not turn a message into an error: the word classifier's
    # guess (and the routing table after it) still routes it. Training needs it and fails loudly.
    try:
        return shared_encoder()
    except (EncoderMissing, OSError) as error:
        logger.error("The second look is off, the word classifier decides alone: %s", error)
        return None
