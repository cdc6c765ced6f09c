"""The routing table's rows for issue 9 ("answers that hold up"), tie-break by tie-break.

Other languages, telling someone (not a crisis), material online, follow-ups and several topics in
one question. Pure, like tests/test_routing.py (which has one case per row): each case names the row
that must decide it.
"""

import pytest

from addons.nlu.routing import route, routed_intent
from tests.test_routing import parsed, the_router

TIE_BREAKS = [
    # another language (issue 9): never a guessed intent, but an English danger phrase still wins
    (
        "an English danger phrase beats another language",
        parsed("il y a un homme avec un couteau, there's a man with a knife", "greet", 0.3),
        "emergency words",
        "report_emergency",
    ),
    (
        "a sure guess does not stand for a message in another language",
        parsed("Chciałbym zgłosić podejrzaną paczkę w autobusie", "report_concern", 0.9),
        "other language",
        "other_language",
    ),
    (
        "short messy English is not another language",
        parsed("how many atacks stoppd lol", "ask_statistics", 0.6, ["plots"]),
        "classifier guess",
        "ask_statistics",
    ),
    (
        "keyboard mashing is not another language",
        parsed("asdkj qweoi zmxn", "ask_bot_capabilities", 0.3),
        "classifier guess",
        "ask_bot_capabilities",
    ),
    (
        "what happens after a report keeps its answer",
        parsed("what happens after i report something", "ask_what_happens_to_report", 0.8),
        "classifier guess",
        "ask_what_happens_to_report",
    ),
    (
        "whether to report at all is a report",
        parsed("is it alright to report it if im not totally sure", "ask_what_happens_to_report", 0.8),
        "how to report",
        "report_concern",
    ),
    (
        "how to report another crime keeps 101",
        parsed("where do i report a stolen bike", "report_other_crime", 0.7),
        "classifier guess",
        "report_other_crime",
    ),
    # material online (issue 9)
    (
        "a guide to making weapons on a forum is online content, not a harm request",
        parsed("someone put up a guide for making guns on a forum", "request_harm", 0.7),
        "online material, no threat now",
        "report_online_content",
    ),
    (
        "harm words in material described online do not turn an online guess into a refusal",
        parsed("found a forum with instructions for making weapons", "report_online_content", 0.6),
        "online material, no threat now",
        "report_online_content",
    ),
    (
        "asking where to find the material stays a harm request",
        parsed("where can i find bomb making guides online", "request_harm", 0.7),
        "classifier guess",
        "request_harm",
    ),
    (
        "a threat posted online is still an emergency",
        parsed(
            "he posted on snapchat that he will shoot people at school tomorrow", "report_online_content", 0.5
        ),
        "emergency words",
        "report_emergency",
    ),
    (
        "a video of an attack is not an attack here",
        parsed("a video of an attack on a market is being shared everywhere", "report_emergency", 0.8),
        "online material, no threat now",
        "report_online_content",
    ),
    (
        "material online with a worried-parent guess keeps the worry",
        parsed("my son watches extremist videos on youtube all night", "worried_radicalisation", 0.8),
        "classifier guess",
        "worried_radicalisation",
    ),
    # telling someone is not a crisis (issue 9); crisis words still are
    (
        "'not sure who to tell' with a crisis guess is a report",
        parsed("who do i talk to if im worried about someone but im not sure", "crisis", 0.5),
        "crisis or harm guess, wants to tell someone",
        "report_concern",
    ),
    (
        "passing on information is a report, not a crisis",
        parsed("i'd like to pass on some information about extremism, not sure who to tell", "crisis", 0.6),
        "crisis or harm guess, wants to tell someone",
        "report_concern",
    ),
    (
        "needing someone to talk to stays a crisis",
        parsed("im not ok and i need someone to talk to", "crisis", 0.7),
        "999 guess stands",  # "need someone to talk to" is a crisis phrase too
        "crisis",
    ),
    (
        "crisis words win even when telling someone",
        parsed("i want to tell someone i want to kill myself", "report_concern", 0.7),
        "crisis words",
        "crisis",
    ),
    (
        "another person's suicide threat is crisis, not emergency",
        parsed("my friend says she is going to kill herself", "ask_prevent", 0.5),
        "crisis words",
        "crisis",
    ),
    # follow-ups and compounds
    (
        "a follow-up naming a term after 'and' is the next figure",
        parsed("and in 2025?", "ask_ctiru", 0.4, ["year_2025"]),
        "follow-up naming a term",
        "ask_follow_up",
    ),
    (
        "'and what's X' asks what X is, not its figure",
        parsed("and whats channel", "ask_channel", 0.8, ["channel"]),
        "classifier guess",
        "ask_channel",
    ),
    (
        "a follow-up does not re-route a sure concern",
        parsed(
            "what about my neighbour, he keeps reporting odd things",
            "report_concern",
            0.8,
            ["public_reports"],
        ),
        "classifier guess",
        "report_concern",
    ),
    (
        "two topics and a quantity ask for a figure",
        parsed("how many prevent and channel cases are there", "ask_channel", 0.6, ["prevent", "channel"]),
        "figure question",
        "ask_statistics",
    ),
    (
        "two topics not joined are one question",
        parsed("what's the protect bit of contest about", "ask_protect", 0.8, ["contest"]),
        "classifier guess",
        "ask_protect",
    ),
    (
        "two topics in a worried parent's message keep the concern",
        parsed(
            "my son is being radicalised, what is prevent and how do i refer him",
            "worried_radicalisation",
            0.8,
            ["prevent", "referrals"],
        ),
        "classifier guess",
        "worried_radicalisation",
    ),
    (
        "two topics beat an unsure guess",
        parsed("what is prevent and what is channel", "ask_channel", 0.2, ["prevent", "channel"]),
        "several topics",
        "ask_several_topics",
    ),
    # eleventh round: telling someone, going to fight abroad, a place of worship as a target, sharing, 101
    (
        "knowing something important is telling, not a crisis",
        parsed("i think i know something serious about my lodger", "crisis", 0.6),
        "crisis or harm guess, wants to tell someone",
        "report_concern",
    ),
    (
        "a fear of being wrong alone stays with the crisis guess (no Samaritans in the report reply)",
        parsed("im scared of getting it wrong and i feel like ending it", "crisis", 0.9),
        "classifier guess",
        "crisis",
    ),
    (
        "joining a group that fights abroad is someone being drawn in",
        parsed("my nephew reckons hes joining a militia that fights overseas", "report_concern", 0.8),
        "someone being drawn in",
        "worried_radicalisation",
    ),
    (
        "talk of attacking a place of worship is not another crime",
        parsed("the bloke next door keeps joking about blowing up the mosque", "report_other_crime", 0.7),
        "signs of planning",
        "report_concern",
    ),
    (
        "whether to share material stays online content, though it says report",
        parsed(
            "do i forward the link to my cousins so they can report it as well", "report_online_content", 0.9
        ),
        "whether to share material",
        "report_online_content",
    ),
    (
        "whether to show something, no material named, is not online content",
        parsed("should i show it to his mum before i report him", "report_concern", 0.8),
        "classifier guess",
        "report_concern",
    ),
    (
        "how to report another crime, taken as off-topic, gets 101",
        parsed("how do i report a scam text", "out_of_scope", 0.4),
        "another crime",
        "report_other_crime",
    ),
    # round 12, from the tenth and eleventh sets' misses, on new words
    (
        "the number, asked bare after talk of the hotline: the hotline",
        parsed("ok whats the number please", "out_of_scope", 0.5),
        "hotline number question",
        "report_concern",
    ),
    (
        "the number of something is a figure, not a number to call",
        parsed("whats the number of arrests", "ask_statistics", 0.9, ["arrests"]),
        "classifier guess",
        "ask_statistics",
    ),
    (
        "how to refer, taken for a knowledge question, keeps its answer",
        parsed("how do i refer my brother", "ask_prevent_process", 0.8),
        "classifier guess",
        "ask_prevent_process",
    ),
    (
        "harm words in a report, but a question: refused",
        parsed("what would someone need to make a bomb in his kitchen", "report_concern", 0.9),
        "harm request",
        "request_harm",
    ),
    (
        "harm words in a report, but an order: refused",
        parsed("list the steps my neighbour would follow to make explosives", "report_concern", 0.9),
        "harm request",
        "request_harm",
    ),
    (
        "harm words in a report, the guess not sure enough: refused",
        parsed(
            "one of the drivers keeps watching how to make a pipe bomb on his phone in the canteen",
            "report_concern",
            0.6,
        ),
        "harm request",
        "request_harm",
    ),
    (
        "two topics taken for a figure, no figure asked: both answers",
        parsed(
            "whats the difference between pursue and protect", "ask_statistics", 0.4, ["pursue", "protect"]
        ),
        "several topics",
        "ask_several_topics",
    ),
    (
        "two topics with a figure asked: the figures (the guess stands)",
        parsed(
            "how many prevent referrals and channel cases are there",
            "ask_statistics",
            0.9,
            ["prevent", "channel"],
        ),
        "classifier guess",
        "ask_statistics",
    ),
    (
        "a weapon kept, but the report guess is not sure enough: 999 first",
        parsed("my uncle has an old shotgun under his bed and rants about a race war", "report_concern", 0.5),
        "emergency words",
        "report_emergency",
    ),
    (
        "a weapon kept and said to be here now: 999 first, whatever the guess",
        parsed(
            "my flatmate has a machete and hes in the kitchen now ranting", "worried_radicalisation", 0.95
        ),
        "emergency words",
        "report_emergency",
    ),
    (
        "a weapon shown: 999 first, whatever the guess",
        parsed("a lad at college was holding a knife and talking about the kafir", "report_concern", 0.95),
        "emergency words",
        "report_emergency",
    ),
    (
        "a weapon kept, taken for an emergency: 999 first",
        parsed(
            "my uncle has an old shotgun under his bed and rants about a race war", "report_emergency", 0.9
        ),
        "999 guess stands",
        "report_emergency",
    ),
    (
        "abuse that calls someone a terrorist is a hate crime, not terrorism",
        parsed(
            "a woman on the train called me a terrorist and shouted at me to go home", "report_concern", 0.6
        ),
        "another crime",
        "report_other_crime",
    ),
    (
        "a crime told of, taken for a harm request without harm words, is another crime",
        parsed("someone sprayed racist graffiti on the gurdwara gate last night", "request_harm", 0.5),
        "another crime",
        "report_other_crime",
    ),
    (
        "a question taken for a harm request keeps the refusal",
        parsed("how do i get fake notes that pass", "request_harm", 0.6),
        "classifier guess",
        "request_harm",
    ),
    (
        "a threat for months away, taken for a report, stays a report (its reply asks about danger now)",
        parsed("my flatmate says he will stab a copper at the match in april", "report_concern", 0.8),
        "classifier guess",
        "report_concern",
    ),
]


@pytest.mark.parametrize("why, message, row_name, intent", TIE_BREAKS, ids=[c[0] for c in TIE_BREAKS])
def test_tie_breaks_go_to_the_earlier_row(why, message, row_name, intent):
    assert route(message).name == row_name, why
    assert routed_intent(message) == intent, why


def test_a_guess_of_an_intent_only_the_table_gives_is_replaced_by_the_next_one():
    from rasa.shared.nlu.training_data.message import Message

    ranking = [
        {"name": "ask_several_topics", "confidence": 0.5},
        {"name": "ask_contest", "confidence": 0.3},
        {"name": "greet", "confidence": 0.2},
    ]
    message = Message(
        data={
            "text": "protect, prepare, pursue, prevent?",
            "intent": ranking[0],
            "intent_ranking": ranking,
            "entities": [],
        }
    )
    the_router().process([message])
    # no several-topics words, so the next guess stands, with its share of the rest (0.3 / 0.5)
    assert message.get("intent") == {"name": "ask_contest", "confidence": 0.6}
