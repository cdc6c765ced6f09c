"""NLU component: force the emergency, crisis or refusal route when a message calls for it.

Placed last in the pipeline (after FallbackClassifier), so a danger phrase wins over a wrong
or unsure classifier guess and over nlu_fallback, and also over a report of a suspicion:
"an unattended rucksack that's ticking" needs "Call 999 now", not the report form.
"""
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from addons.nlu.override import force_intent, intent_name
from addons.nlu.safety import danger_intent

# A forced route never replaces one at least as urgent: emergency and crisis first, then refusal.
OUTRANKED_BY = {
    "report_emergency": {"report_emergency", "crisis"},
    "crisis": {"report_emergency", "crisis"},
    "request_harm": {"report_emergency", "crisis", "request_harm"},
}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class DangerGuard(GraphComponent, IntentClassifier):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "DangerGuard":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            forced = danger_intent(message.get(TEXT))
            if forced and intent_name(message) not in OUTRANKED_BY[forced]:
                force_intent(message, forced)
        return messages
