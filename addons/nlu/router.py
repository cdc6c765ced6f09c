"""NLU component: route each parsed message by the table in addons/nlu/routing.py.

Runs right after the intent classifier and replaces Rasa's FallbackClassifier and the former
danger, statistics and input guards, so that every override of the classifier is in one
ordered table. A forced intent gets confidence 1.0 and stays first in the intent ranking.
"""

import logging
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from addons.nlu import language
from addons.nlu.input_guard import default_max_chars
from addons.nlu.routing import KEEP, TABLE_ONLY, Parsed, route

logger = logging.getLogger(__name__)
TERM_ENTITY = "term"  # domain.yml: the domain terms found by addons/nlu/domain_terms.py


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class Router(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # max_chars None: GUARD_MAX_CHARS from defaults.env, read at start-up (no retraining to change it)
        return {"fallback_threshold": 0.25, "max_chars": None}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.fallback_threshold = float(config["fallback_threshold"])
        self.max_chars = int(config["max_chars"] or default_max_chars())
        language.warm_up()  # the language models load at start-up, not on the first message

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "Router":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            parsed = self.parsed(message)
            row = route(parsed)
            logger.debug("routed by %r", row.name)
            if row.intent is not KEEP:
                force_intent(message, row.intent)
            elif (message.get(INTENT) or {}).get(INTENT_NAME_KEY) in TABLE_ONLY:
                force_intent(message, parsed.intent, parsed.confidence)
        return messages

    def parsed(self, message: Message) -> Parsed:
        guess = classifier_guess(message)
        terms = frozenset(
            e.get(ENTITY_ATTRIBUTE_VALUE)
            for e in message.get(ENTITIES) or []
            if e.get(ENTITY_ATTRIBUTE_TYPE) == TERM_ENTITY
        )
        return Parsed(
            text=message.get(TEXT) or "",
            intent=guess.get(INTENT_NAME_KEY),
            confidence=guess.get(PREDICTED_CONFIDENCE_KEY) or 0.0,
            terms=terms,
            max_chars=self.max_chars,
            fallback_threshold=self.fallback_threshold,
        )


def classifier_guess(message: Message) -> Dict[Text, Any]:
    """The classifier's best intent that is not one only the routing table gives, with its confidence
    among those intents (the table-only intents' share taken out)."""
    guess = message.get(INTENT) or {}
    if guess.get(INTENT_NAME_KEY) not in TABLE_ONLY:
        return guess
    ranking = message.get(INTENT_RANKING_KEY) or []
    others = [r for r in ranking if r.get(INTENT_NAME_KEY) not in TABLE_ONLY]
    if not others:
        return {}
    left = 1.0 - sum(
        r.get(PREDICTED_CONFIDENCE_KEY) or 0.0 for r in ranking if r.get(INTENT_NAME_KEY) in TABLE_ONLY
    )
    confidence = (others[0].get(PREDICTED_CONFIDENCE_KEY) or 0.0) / left if left > 0 else 0.0
    return {INTENT_NAME_KEY: others[0].get(INTENT_NAME_KEY), PREDICTED_CONFIDENCE_KEY: min(confidence, 1.0)}


def force_intent(message: Message, name: str, confidence: float = 1.0) -> None:
    """Replace the predicted intent, keeping the classifier's ranking below it."""
    forced = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence}
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != name]
    message.set(INTENT, forced, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [forced] + ranking, add_to_output=True)
