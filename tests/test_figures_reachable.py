"""Every figure in actions/figures.yml can be reached by a plain question to the real bot."""

import pytest

from actions import figures

QUESTIONS = {
    "plots_disrupted_since_2017": "how many terror plots have been foiled",
    "live_investigations": "how many live investigations are going on",
    "arrests_per_year": "roughly how many arrests do you make in a year",
    "people_in_prison": "how many terrorists are in prison",
    "prison_islamist_share": "what proportion of terrorist prisoners are islamist",
    "prison_right_wing_share": "how many of the prisoners are far right",
    "investigations_islamist_share": "what share of investigations involve islamist terrorism",
    "investigations_right_wing_share": "what percentage of investigations are about right wing terrorism",
    "prevent_referrals_per_year": "how many referrals does prevent receive",
    "prevent_cases_assessed_since_2019": "how many prevent cases were assessed since 2019",
    "prevent_passed_to_other_services_share": "what percent of prevent cases get passed to mental health or other services",
    "channel_cases_per_year": "how many people end up on channel every year",
    "channel_people_supported_since_2015": "how many people has channel supported altogether",
    "public_contacts_last_year": "how many times did people contact the hotline last year",
    "public_reports_passed_to_officers": "how many reports are passed on to officers",
    "ctiru_referrals_2024": "how many ctiru referrals were there in 2024",
    "ctiru_referrals_since_2025": "number of referrals to ctiru in 2025",
    "police_forces": "how many police forces are part of counter terrorism policing",
    "subjects_of_interest": "how many subjects of interest are the police looking at",
}


def test_there_is_a_question_for_every_figure():
    assert set(QUESTIONS) == set(figures.load().figures)


@pytest.mark.parametrize("key", sorted(QUESTIONS))
def test_each_figure_is_reachable(live_bot, key):
    figure = figures.load().figures[key]
    reply = live_bot.ask(QUESTIONS[key])
    assert figure.value in reply and figure.period in reply, f"{QUESTIONS[key]!r} -> {reply!r}"
