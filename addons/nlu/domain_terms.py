"""Entity extractor that reports the canonical id of each domain term.

Rasa's SpacyEntityExtractor gives the words as typed ("Arrests", "far-right"). The entity
ruler in our spaCy pipeline (nlp/build_pipeline.py) tags each term with a canonical id
("arrests", "right_wing"), and that id is what the statistics action needs.
"""

from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.spacy_entity_extractor import SpacyEntityExtractor


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False, model_from="SpacyNLP"
)
class DomainTermExtractor(SpacyEntityExtractor):
    @staticmethod
    def _extract_entities(doc) -> List[Dict[Text, Any]]:
        return [
            {
                "entity": ent.label_,
                "value": ent.ent_id_ or ent.text.lower(),
                "start": ent.start_char,
                "end": ent.end_char,
                "confidence": None,
            }
            for ent in doc.ents
        ]
