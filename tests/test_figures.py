"""The figures file: complete, well formed, and loud when it is not."""

import subprocess
import sys
from pathlib import Path

import pytest
import requests
import yaml

from actions import figures
from scripts.processes import Process, free_port, http_ok
from scripts.servers import action_server_cmd, server_env

ROOT = Path(__file__).resolve().parents[1]

# Every figure on CTP's "What We Do" page, with the number as published. Kept here (not read
# from the page) because the project never reads ../shared in its tests.
SEED_PAGE_FIGURES = {
    "plots_disrupted_since_2017": "43",
    "live_investigations": "800",
    "arrests_per_year": "250",
    "people_in_prison": "254",
    "prison_islamist_share": "60%",
    "prison_right_wing_share": "30%",
    "investigations_islamist_share": "75%",
    "investigations_right_wing_share": "25%",
    "prevent_referrals_per_year": "7,000",
    "prevent_cases_assessed_since_2019": "31,000",
    "prevent_passed_to_other_services_share": "65%",
    "channel_cases_per_year": "500",
    "channel_people_supported_since_2015": "5,000",
    "public_contacts_last_year": "22,000",
    "public_reports_passed_to_officers": "one in five",
    "ctiru_referrals_2024": "11,000",
    "ctiru_referrals_since_2025": "1,800",
    "police_forces": "43",
    "subjects_of_interest": "thousands",
}


def test_the_file_holds_every_figure_on_the_seed_page_and_no_other():
    book = figures.load()
    assert set(book.figures) == set(SEED_PAGE_FIGURES)
    for key, number in SEED_PAGE_FIGURES.items():
        assert number in book.figures[key].value, key


TERMS = set(yaml.safe_load((ROOT / "nlp" / "terms.yml").read_text()))
# Found by phrases only: what it is about has no domain term ("subjects of interest").
PHRASES_ONLY = {"subjects_of_interest": "how many subjects of interest are there"}


def test_every_tag_is_a_term_the_language_pipeline_recognises():
    for figure in figures.load().figures.values():
        if figure.key not in PHRASES_ONLY:
            assert figure.about <= TERMS, figure.key


def test_every_figure_can_be_found_by_its_own_tags_or_phrases():
    book = figures.load()
    for figure in book.figures.values():
        if figure.key in PHRASES_ONLY:
            assert figure.asked_as and book.find([], text=PHRASES_ONLY[figure.key]) == [figure], figure.key
        else:
            assert figure in book.find(figure.about), figure.key


# Ways of asking that name no domain term, or name one that points elsewhere (written for this test).
ASKED_AS = [
    ("how many subjects of interest do police have", [], ["subjects_of_interest"]),
    ("how many suspects are being watched", [], ["subjects_of_interest"]),
    ("roughly how many ppl do you keep tabs on", [], ["subjects_of_interest"]),
    ("how many folk are being monitored", [], ["subjects_of_interest"]),
    ("how many names are on the terror watch list", [], []),
    ("how many bomb plots did they foil", [], ["plots_disrupted_since_2017"]),
    ("how many people got arested last year", [], ["arrests_per_year"]),
    ("what fraction of reports get followed up", ["public_reports"], ["public_reports_passed_to_officers"]),
    ("how many get offered a place on channel", ["channel"], ["channel_cases_per_year"]),
    ("ideology split of people in jail", ["prison"], ["prison_islamist_share", "prison_right_wing_share"]),
]


@pytest.mark.parametrize("question, terms, keys", ASKED_AS)
def test_a_phrase_finds_its_figure_before_tags(question, terms, keys):
    assert [f.key for f in figures.load().find(terms, text=question)] == keys


def test_tags_still_decide_when_no_phrase_matches():
    book = figures.load()
    assert [f.key for f in book.find(["investigations"], text="how many investigations")] == [
        "live_investigations"
    ]
    assert book.find([], text="how many terrorist attacks were there last year") == []


def write(tmp_path, text):
    path = tmp_path / "figures.yml"
    path.write_text(text)
    return path


GOOD = """
overview: [arrests]
figures:
  arrests:
    value: "about 250"
    says: "Police arrest {value} people a year."
    period: a year
    source: CTP
    about: [arrests]
"""


@pytest.mark.parametrize(
    "broken, message",
    [
        (GOOD.replace("    period: a year\n", ""), "figure 'arrests': missing period"),
        (GOOD.replace('"about 250"', '"about"'), "figure 'arrests': value 'about' has no number"),
        (GOOD.replace("{value} people", "{amount} people"), "figure 'arrests': 'says' may use only"),
        (GOOD.replace("{value} people", "250 people"), "figure 'arrests': 'says' must contain {value}"),
        (GOOD.replace("about: [arrests]", "about: arrests"), "figure 'arrests': 'about' must be a list"),
        (GOOD.replace('value: "about 250"', "value: 250"), "figure 'arrests': 'value' must be text"),
        (GOOD.replace("overview: [arrests]", "overview: [arests]"), "'overview' must list figure keys"),
        (GOOD + "    asked_as: ['(unclosed']\n", "figure 'arrests': 'asked_as' phrase '(unclosed'"),
        (GOOD + "    asked_as: arrests\n", "figure 'arrests': 'asked_as' must be a list"),
        (
            GOOD + "ideology_split: [nowhere]\n",
            "'ideology_split' must list figure keys; unknown: ['nowhere']",
        ),
        (
            GOOD + "    follow_ups: {next: [nowhere]}\n",
            "figure 'arrests': 'follow_ups' names unknown figures ['nowhere']",
        ),
        (GOOD + "    follow_ups: [arrests]\n", "figure 'arrests': 'follow_ups' must map a kind"),
        ("figures: [1, 2]", "expected a 'figures:' mapping"),
        ("figures:\n  a: [unclosed", "cannot read figures file"),
    ],
)
def test_a_malformed_file_is_refused_naming_file_and_entry(tmp_path, broken, message):
    path = write(tmp_path, broken)
    with pytest.raises(figures.FiguresFileError) as error:
        figures.load(path)
    assert str(path) in str(error.value) and message in str(error.value)


def test_a_good_file_loads(tmp_path):
    book = figures.load(write(tmp_path, GOOD))
    assert book.find(["arrests"])[0].sentence() == "Police arrest about 250 people a year."


def test_the_action_server_refuses_to_start_on_a_malformed_file(tmp_path):
    path = write(tmp_path, GOOD.replace("    source: CTP\n", ""))
    env = server_env(free_port(), {figures.FILE_ENV_VAR: str(path)})
    result = subprocess.run(
        [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(free_port())],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert f"{path}: figure 'arrests': missing source" in result.stdout + result.stderr


def ask_action_server(url, terms):
    """What action_give_statistic says, called as Rasa calls it (POST /webhook), for a question about ``terms``."""
    entities = [{"entity": "term", "value": term} for term in terms]
    tracker = {
        "sender_id": "figures-test",
        "slots": {"figure_terms": None},
        "paused": False,
        "latest_message": {
            "text": "how many arrests",
            "entities": entities,
            "intent": {"name": "ask_statistics", "confidence": 1.0},
        },
        "events": [],
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": "action_listen",
    }
    response = requests.post(
        f"{url}/webhook",
        json={
            "next_action": "action_give_statistic",
            "sender_id": "figures-test",
            "tracker": tracker,
            "domain": {},
            "version": "3.6.2",
        },
        timeout=30,
    )
    response.raise_for_status()
    return "\n".join(r.get("text") or "" for r in response.json()["responses"])


def test_a_changed_figure_is_served_without_retraining(tmp_path):
    """The trained model is not involved: the action server reads the file it is pointed at at start-up."""
    published = figures.load().figures["arrests_per_year"].value
    changed = published.replace("250", "275")
    assert changed != published
    path = tmp_path / "figures.yml"
    path.write_text(figures.DEFAULT_FILE.read_text().replace(f'"{published}"', f'"{changed}"', 1))
    port = free_port()
    server = Process(
        "actions-changed-figures",
        action_server_cmd(port),
        server_env(port, {figures.FILE_ENV_VAR: str(path)}),
        tmp_path / "actions.log",
        cwd=ROOT,
    )
    try:
        server.start().wait_ready(http_ok(f"http://127.0.0.1:{port}/health"), timeout=120)
        reply = ask_action_server(f"http://127.0.0.1:{port}", ["arrests"])
    finally:
        server.stop()
    assert changed in reply and published not in reply, reply
