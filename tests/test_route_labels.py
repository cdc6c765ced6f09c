"""Every intent of the domain has a route label, and the labels are the documented ones."""

import yaml

from addons.route_labels import CONCERN_ROUTES, ROUTE_OF_INTENT, ROUTES, route_of
from addons.settings import ROOT


def test_every_domain_intent_is_labelled_explicitly_or_is_a_knowledge_question():
    intents = yaml.safe_load((ROOT / "domain.yml").read_text())["intents"]
    unlabelled = [i for i in intents if i not in ROUTE_OF_INTENT and not i.startswith("ask_")]
    assert unlabelled == []
    assert {route_of(i) for i in intents} <= set(ROUTES)


def test_concern_routes_are_told_apart():
    assert route_of("report_emergency") == "emergency"
    assert route_of("report_concern") == "report"
    assert route_of("request_harm") == "refusal"
    assert route_of("ask_prevent") == "knowledge"
    assert route_of("ask_statistics") == "statistics"
    assert route_of("nlu_fallback") == route_of(None) == "fallback"
    assert route_of("something_new") == "other"


def test_every_concern_route_is_a_route():
    assert set(CONCERN_ROUTES) < set(ROUTES)
