"""Variant (b) for the redaction benchmark: Microsoft Presidio's analyzer (presidio-analyzer
2.2.360) with its own e-mail, phone (libphonenumber), card, IP, URL and UK NI-number
recognizers, plus the project's finders for what Presidio has no recognizer for (postcodes,
vehicle registrations, addresses, dates of birth, names, handles, spelt-out e-mails).

Not a dependency of the project: install it apart to compare, e.g.
    pip install --target /tmp/presidio_site --no-deps presidio-analyzer==2.2.360 tldextract requests-file
    PRESIDIO_SITE=/tmp/presidio_site python bench/redaction_bench.py --impl presidio
Fully offline: spaCy's blank English pipeline (no model download) and tldextract's bundled
suffix list (no fetch).
"""

from __future__ import annotations

import os
import re
import sys
import types
from typing import List

sys.path.insert(0, os.environ.get("PRESIDIO_SITE", "/tmp/presidio_site"))

import spacy  # noqa: E402
import tldextract  # noqa: E402
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult  # noqa: E402
from presidio_analyzer.nlp_engine import SpacyNlpEngine  # noqa: E402
from presidio_analyzer.predefined_recognizers import (  # noqa: E402
    CreditCardRecognizer,
    EmailRecognizer,
    IpRecognizer,
    PhoneRecognizer,
    UkNinoRecognizer,
    UrlRecognizer,
)
from presidio_analyzer.predefined_recognizers.generic import email_recognizer  # noqa: E402

from addons.redaction import PLACEHOLDERS, _merge, clean_text  # noqa: E402
from addons.redaction.dates import dob_spans  # noqa: E402
from addons.redaction.names import name_spans  # noqa: E402
from addons.redaction.numbers import _is_public  # noqa: E402
from addons.redaction.online import _url_is_official, online_spans  # noqa: E402
from addons.redaction.places import address_spans, vrm_spans  # noqa: E402
from addons.redaction.text import fold_lookalikes  # noqa: E402

# the module-level tldextract.extract fetches the Public Suffix List on first use: use the
# snapshot bundled with the package instead
email_recognizer.tldextract = types.SimpleNamespace(
    extract=tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
)
KIND = {
    "EMAIL_ADDRESS": "email",
    "PHONE_NUMBER": "phone",
    "CREDIT_CARD": "card",
    "IP_ADDRESS": "ip",
    "URL": "url",
    "UK_NINO": "nino",
    "PROJECT": None,
}


class BlankSpacyEngine(SpacyNlpEngine):
    """spaCy without a statistical model: Presidio only needs tokens for its context words."""

    def load(self) -> None:
        self.nlp = {"en": spacy.blank("en")}


class ProjectFinders(EntityRecognizer):
    """The project's own finders for the categories Presidio does not cover."""

    def __init__(self):
        super().__init__(supported_entities=["PROJECT"], name="ProjectFinders")

    def load(self) -> None:
        pass

    def analyze(self, text, entities, nlp_artifacts=None) -> List[RecognizerResult]:
        spans = dob_spans(text) + address_spans(text) + vrm_spans(text) + name_spans(text)
        spans += [s for s in online_spans(text) if s[2] in ("handle", "email")]
        return [RecognizerResult(f"PROJECT:{k}", s, e, 1.0) for s, e, k in spans]


def _engine() -> AnalyzerEngine:
    registry = RecognizerRegistry()
    for recognizer in (
        EmailRecognizer(),
        PhoneRecognizer(supported_regions=["GB", "US", "FR", "DE"]),
        CreditCardRecognizer(),
        IpRecognizer(),
        UrlRecognizer(),
        UkNinoRecognizer(),
        ProjectFinders(),
    ):
        registry.add_recognizer(recognizer)
    nlp = BlankSpacyEngine(models=[{"lang_code": "en", "model_name": "blank"}])
    return AnalyzerEngine(registry=registry, nlp_engine=nlp, supported_languages=["en"])


ENGINE = _engine()


def redact(text: str) -> str:
    if not isinstance(text, str) or not text:
        return text
    text = clean_text(text)
    folded = fold_lookalikes(text)
    spans = []
    for r in ENGINE.analyze(folded, language="en", score_threshold=0.3):
        kind = (
            r.entity_type.split(":", 1)[1]
            if r.entity_type.startswith("PROJECT:")
            else KIND.get(r.entity_type)
        )
        if kind == "url" and _url_is_official(folded[r.start : r.end].split("/")[0].split("//")[-1]):
            continue
        if kind == "phone" and _is_public(re.sub(r"\D", "", folded[r.start : r.end])):
            continue
        if kind:
            spans.append((r.start, r.end, kind))
    out, pos = [], 0
    for start, end, kind in _merge(spans):
        out += [text[pos:start], PLACEHOLDERS[kind]]
        pos = end
    return "".join(out + [text[pos:]])
