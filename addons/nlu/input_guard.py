"""NLU component: send messages no classifier should guess at straight to the fallback reply.

Empty or whitespace-only text, text with no letters (emoji, symbols), text with markup in it,
and very long text get nlu_fallback, whose reply says what the bot can do and carries the
signposts. Runs before DangerGuard, so a long message that mentions danger still gets 999.
"""
import re
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from addons.nlu.override import force_intent

FALLBACK_INTENT = "nlu_fallback"
_LETTER = re.compile(r"[A-Za-z]")
_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z][^>]*>")


def needs_fallback(text: str, max_chars: int) -> bool:
    text = (text or "").strip()
    return not _LETTER.search(text) or len(text) > max_chars or bool(_MARKUP.search(text))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class InputGuard(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # Questions are short; a long message is usually someone trying to report here.
        return {"max_chars": 1000}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.max_chars = config["max_chars"]

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "InputGuard":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if needs_fallback(message.get(TEXT), self.max_chars):
                force_intent(message, FALLBACK_INTENT)
        return messages
