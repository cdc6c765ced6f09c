"""NLU component: force the emergency, crisis or refusal route when a message calls for it.

Placed last in the pipeline (after FallbackClassifier), so a danger phrase wins over a wrong
or unsure classifier guess and over nlu_fallback. Intents whose replies already lead with 999
are left alone.
"""
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from addons.override import force_intent, intent_name
from addons.safety import danger_intent

# Replies to these intents already carry 999 where it matters; keep the classifier's choice.
ALREADY_SIGNPOSTED = {
    "report_emergency", "crisis", "report_concern", "report_online_content",
    "worried_radicalisation", "request_harm",
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
            if forced and intent_name(message) not in ALREADY_SIGNPOSTED:
                force_intent(message, forced)
        return messages
