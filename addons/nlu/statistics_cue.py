"""NLU component: a question asking for a number about a known topic goes to the statistics action.

"What percent of Prevent cases go to other services?" shares nearly every word with the
question about how Prevent works, and the classifier follows the words. Asking for a
quantity ("how many", "what percentage") while naming a domain term is the stronger cue,
and only the figures file may answer it. Concerns and emergencies are never re-routed.
"""
import re
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from addons.nlu.override import force_intent, intent_name

STATISTICS_INTENT = "ask_statistics"
_QUANTITY = re.compile(
    r"\b(how many|how much|what (percent(age)?|per ?cent|proportion|share|fraction|number)|"
    r"(number|percentage|proportion) of|statistics?|stats|figures?)\b", re.IGNORECASE)
# Only questions about what CTP does are re-routed; everything else keeps its intent.
_REROUTABLE = re.compile(r"^(ask_(?!statistics)\w+|nlu_fallback|out_of_scope)$")


def asks_for_a_figure(text: str, entities: List[Dict[Text, Any]]) -> bool:
    return bool(_QUANTITY.search(text or "")) and any(e.get("entity") == "term" for e in entities)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class StatisticsCue(GraphComponent, IntentClassifier):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "StatisticsCue":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if _REROUTABLE.match(intent_name(message) or "") and \
                    asks_for_a_figure(message.get(TEXT), message.get(ENTITIES) or []):
                force_intent(message, STATISTICS_INTENT)
        return messages
