"""The routing table (addons/nlu/routing.py), row by row, then the tie-breaks between rows.

Pure: no model, no server. Each case names the row that must decide it, so a row moved,
dropped or widened shows up here as the wrong row name.
"""

import pytest

from addons.nlu import routing
from addons.nlu.routing import ROUTES, Parsed, route, routed_intent
from tests.test_replies import DOMAIN

MAX_CHARS = 1000
THRESHOLD = 0.25


def parsed(text, intent="ask_prevent", confidence=0.9, terms=()):
    return Parsed(
        text=text,
        intent=intent,
        confidence=confidence,
        terms=frozenset(terms),
        max_chars=MAX_CHARS,
        fallback_threshold=THRESHOLD,
    )


# One case per row: (row name, message as parsed, intent it is routed to).
ONE_PER_ROW = [
    (
        "crisis, others in danger too",
        parsed("she texted that she's going to kill herself and take others with her", "crisis", 0.9),
        "report_emergency",
    ),
    ("999 guess stands", parsed("he's got a knife and wants to hurt me", "crisis"), "crisis"),
    ("crisis words", parsed("i want to end my life", "ask_channel"), "crisis"),
    (
        "online material, no threat now",
        parsed(
            "a rap video on instagram has lads pointing rifles and naming a banned group", "report_emergency"
        ),
        "report_online_content",
    ),
    (
        "a weapon kept, taken for a report",
        parsed("my uncle has an old shotgun under his bed and rants about a race war", "report_concern", 0.9),
        "report_concern",
    ),
    (
        "emergency words",
        parsed("a man is waving a gun about in the park", "report_concern"),
        "report_emergency",
    ),
    (
        "online material",
        parsed("a clip of a beheading is going round on telegram today", "report_concern", 0.6),
        "report_online_content",
    ),
    (
        "online material, no person named",
        parsed("came across a page full of beheading clips last night", "worried_radicalisation", 0.7),
        "report_online_content",
    ),
    (
        "online material told of, taken for a question",
        parsed(
            "a youtube channel is uploading videos that tell people to attack",
            "ask_channel",
            0.8,
            ["channel"],
        ),
        "report_online_content",
    ),
    (
        "harm told of, not asked for",
        parsed("a lodger of mine has been looking up how to make explosives from fertiliser", "request_harm"),
        "report_concern",
    ),
    (
        "harm words in a report that asks nothing",
        parsed(
            "one of the drivers keeps watching how to make a pipe bomb on his phone in the canteen",
            "report_concern",
        ),
        "report_concern",
    ),
    ("harm request", parsed("how do i build a pipe bomb", "ask_ideologies"), "request_harm"),
    ("an excuse for asking", parsed("chill its only for my dissertation", "crisis", 0.5), "request_harm"),
    (
        "other language",
        parsed("Rydw i eisiau rhoi gwybod am rywbeth rhyfedd", "goodbye", 0.6),
        "other_language",
    ),
    (
        "crisis or harm guess, wants to tell someone",
        parsed("i want to mke a reprot", "crisis", 0.4),
        "report_concern",
    ),
    (
        "how to report",
        parsed("where should i report something about extremism", "ask_what_happens_to_report", 0.4),
        "report_concern",
    ),
    (
        "how to report it, taken as off-topic",
        parsed("right so how can i report it", "out_of_scope", 0.4),
        "report_concern",
    ),
    (
        "how to refer, taken as off-topic",
        parsed("so how can i refer my nephew then", "out_of_scope", 0.5),
        "worried_radicalisation",
    ),
    (
        "how to report, taken for another route",
        parsed("i dont like using the phone, can i report it online somehow", "report_other_crime", 0.5),
        "report_concern",
    ),
    ("unreadable", parsed("🙂🙂", None, 0.0), "nlu_fallback"),
    (
        "details offered here",
        parsed("could i just type his name and address to you", "ask_bot_capabilities", 0.5),
        "report_concern",
    ),
    (
        "whether to share material",
        parsed("should i forward the video to my mates so they can report it as well", "report_concern", 0.7),
        "report_online_content",
    ),
    (
        "someone being drawn in",
        parsed("my little brother is obsessed with the christchurch shooter", "report_emergency", 0.6),
        "worried_radicalisation",
    ),
    (
        "drawn in myself, taken for a crisis",
        parsed(
            "to be honest i think i'm getting sucked in by these accounts and it scares me", "crisis", 0.7
        ),
        "worried_radicalisation",
    ),
    (
        "signs of planning online",
        parsed("an account with a proscribed group's logo keeps asking people to dm it", "out_of_scope", 0.4),
        "report_online_content",
    ),
    (
        "signs of planning",
        parsed("two men were measuring the bollards outside the stadium", "ask_protect", 0.5),
        "report_concern",
    ),
    (
        "telling, taken for online content",
        parsed("id like to give some information to the anti terror police", "report_online_content", 0.5),
        "report_concern",
    ),
    (
        "material in the street, taken for online content",
        parsed(
            "stickers for a proscribed group are all over the lampposts on our road", "report_online_content"
        ),
        "report_concern",
    ),
    (
        "another crime",
        parsed("pretty sure the lads downstairs are dealing weed", "report_concern", 0.8),
        "report_other_crime",
    ),
    (
        "figure about a period",
        parsed(
            "how many extremist videos were taken down in 2024", "report_online_content", 0.7, ["year_2024"]
        ),
        "ask_statistics",
    ),
    (
        "999 number question",
        parsed(
            "what number do I call in an emergency", "ask_statistics", 1.0, ["overview", "public_reports"]
        ),
        "report_emergency",
    ),
    (
        "samaritans number question",
        parsed("what number do the samaritans have", "ask_statistics", 0.6),
        "crisis",
    ),
    (
        "number question, guess gives one",
        parsed("is there a phone number I can ring to talk to someone", "ask_human", 0.8),
        "ask_human",
    ),
    (
        "hotline number question",
        parsed("what number do i contact", "ask_bot_capabilities", 0.46, ["overview", "public_reports"]),
        "report_concern",
    ),
    (
        "figure question",
        parsed(
            "what percent of prevent cases go to other services",
            "ask_prevent_process",
            0.7,
            ["prevent", "other_services"],
        ),
        "ask_statistics",
    ),
    (
        "follow-up naming a term",
        parsed("what about people in prison", "ask_prevent", 0.5, ["prison"]),
        "ask_follow_up",
    ),
    (
        "several topics",
        parsed("whats the difference between prevent and pursue", "ask_pursue", 0.7, ["prevent"]),
        "ask_several_topics",
    ),
    ("unsure guess", parsed("tell me about the thing", "ask_contest", 0.2), "nlu_fallback"),
    ("classifier guess", parsed("what is channel", "ask_channel", 0.9, ["channel"]), "ask_channel"),
]


def test_every_row_has_a_case():
    assert [name for name, _, _ in ONE_PER_ROW] == [row.name for row in ROUTES]


def test_the_last_row_keeps_any_guess():
    assert ROUTES[-1].intent is routing.KEEP and ROUTES[-1].applies(parsed("anything"))


@pytest.mark.parametrize("row_name, message, intent", ONE_PER_ROW, ids=[c[0] for c in ONE_PER_ROW])
def test_each_row_decides_its_case(row_name, message, intent):
    assert route(message).name == row_name
    assert routed_intent(message) == intent


# The tie-breaks: a message two rows apply to goes to the earlier row.
TIE_BREAKS = [
    # danger words against a sure guess
    (
        "crisis words beat an emergency-free guess",
        parsed("i want to kill myself", "report_concern"),
        "crisis words",
        "crisis",
    ),
    (
        "a sure emergency guess is not turned into crisis",
        parsed("he says he will stab me and i want to die", "report_emergency", 0.8),
        "999 guess stands",
        "report_emergency",
    ),
    (
        "an unsure emergency guess does not stand: the words decide",
        parsed("i want to kill myself", "report_emergency", 0.1),
        "crisis words",
        "crisis",
    ),
    (
        "crisis words come before emergency words",
        parsed("there's a man with a gun and i want to kill myself", "ask_prevent"),
        "crisis words",
        "crisis",
    ),
    (
        "emergency words come before a harm request",
        parsed("how do i make a bomb, he is going to blow up the school", "ask_prevent"),
        "emergency words",
        "report_emergency",
    ),
    (
        "a harm request does not replace a sure crisis guess",
        parsed("how do I get hold of a gun to end it", "crisis", 0.7),
        "999 guess stands",
        "crisis",
    ),
    # danger against everything below it
    (
        "danger words beat unreadable (too long)",
        parsed("there is a man with a knife " + "x" * MAX_CHARS, "ask_prevent"),
        "emergency words",
        "report_emergency",
    ),
    (
        "danger words beat a figure question",
        parsed(
            "statistics pls, people are screaming and running from a man with a knife",
            "ask_statistics",
            0.9,
            ["overview"],
        ),
        "emergency words",
        "report_emergency",
    ),
    (
        "danger words beat an unsure guess",
        parsed("gunman in the mall", "greet", 0.1),
        "emergency words",
        "report_emergency",
    ),
    # unreadable against the word cues
    (
        "markup is unreadable even with a figure question in it",
        parsed("<b>how many arrests</b>", "ask_statistics", 0.9, ["arrests"]),
        "unreadable",
        "nlu_fallback",
    ),
    # number questions against figure questions
    (
        "a number to call is not a figure, nor what happens to a report",
        parsed(
            "what number should I ring to report something",
            "ask_what_happens_to_report",
            0.4,
            ["overview", "public_reports"],
        ),
        "hotline number question",
        "report_concern",
    ),
    (
        "a count of calls is a figure",
        parsed("how many people call the hotline", "ask_statistics", 0.89, ["public_reports"]),
        "classifier guess",
        "ask_statistics",
    ),
    (
        "'what number of' asks for a figure",
        parsed("what number of people contact the hotline", "ask_ctiru", 0.5, ["overview", "public_reports"]),
        "figure question",
        "ask_statistics",
    ),
    (
        "a number question the classifier sent to statistics gets the hotline",
        parsed(
            "what's the number for the anti terrorist hotline",
            "ask_statistics",
            0.43,
            ["overview", "public_reports"],
        ),
        "hotline number question",
        "report_concern",
    ),
    (
        "an unsure guess that would give a number does not stand",
        parsed("what number do I call", "report_concern", 0.1, ["overview", "public_reports"]),
        "hotline number question",
        "report_concern",
    ),
    (
        "emergency wording overrides a guess that gives a number but not 999 first",
        parsed("what's the number for the hotline, it's urgent", "ask_human", 0.9, ["public_reports"]),
        "999 number question",
        "report_emergency",
    ),
    (
        "a sure other-crime guess of a bare emergency number question gets 999 first",
        parsed("what number do I call in an emergency", "report_other_crime", 0.9, ["public_reports"]),
        "999 number question",
        "report_emergency",
    ),
    (
        "a sure other-crime guess keeps 999 and 101",
        parsed(
            "what number do I call in an emergency about a burglary",
            "report_other_crime",
            0.8,
            ["public_reports"],
        ),
        "number question, guess gives one",
        "report_other_crime",
    ),
    # figure questions against the guess
    (
        "a figure question does not re-route a sure concern",
        parsed(
            "how many people report suspicious things like my neighbour",
            "report_concern",
            0.8,
            ["public_reports"],
        ),
        "classifier guess",
        "report_concern",
    ),
    (
        "a figure question beats an unsure guess",
        parsed("how many arrests", "report_concern", 0.1, ["arrests"]),
        "figure question",
        "ask_statistics",
    ),
    (
        "a quantity without a domain term is left to the guess",
        parsed("how many people live in london", "out_of_scope", 0.6),
        "classifier guess",
        "out_of_scope",
    ),
    ("no guess at all is unsure", parsed("hmm", None, 0.0), "unsure guess", "nlu_fallback"),
    (
        "a sure emergency guess with only crisis words goes to the crisis reply",
        parsed("i cant cope with the flashbacks since the attack", "report_emergency", 0.8),
        "crisis words",
        "crisis",
    ),
    (
        "a question about Prevent naming a crime word keeps its answer",
        parsed("is prevent racist", "ask_prevent", 0.7, ["prevent"]),
        "classifier guess",
        "ask_prevent",
    ),
    (
        "saying it is not terrorism does not block the 101 route",
        parsed("nothing to do with terrorism but someone stole my bike", "report_concern", 0.6),
        "another crime",
        "report_other_crime",
    ),
    (
        "a harm guess with no harm words still stands, however unsure (a refusal, never a fallback)",
        parsed("tell me where to hit so it hurts the most", "request_harm", 0.3),
        "classifier guess",
        "request_harm",
    ),
    # the rows added for the seventh look at issue 9
    (
        "the hotline's own number asked about gets the hotline",
        parsed("does 0800 789 321 work from abroad", "ask_statistics", 0.5),
        "hotline number question",
        "report_concern",
    ),
    (
        "someone drawn into terrorism gets Prevent, though taken for a report",
        parsed(
            "my nephew is getting drawn into terrorism stuff and i dont know what to do", "report_concern"
        ),
        "someone being drawn in",
        "worried_radicalisation",
    ),
    (
        "praise for attackers from someone gets Prevent",
        parsed("a lad on my course keeps saying the christchurch shooter was a hero", "request_harm", 0.5),
        "someone being drawn in",
        "worried_radicalisation",
    ),
    (
        "the page's 'at risk of being drawn into terrorism' in a figure question stays a figure",
        parsed(
            "how many people are judged at risk of being drawn into terrorism",
            "ask_prevent",
            0.5,
            ["prevent"],
        ),
        "figure question",
        "ask_statistics",
    ),
    (
        "a symbol tattooed on someone gets Prevent",
        parsed("my grandson came home with a sonnenrad tattoo on his arm", "report_concern", 0.6),
        "someone being drawn in",
        "worried_radicalisation",
    ),
    (
        "fallen in with a crew that recruits gets Prevent",
        parsed(
            "our lad has fallen in with some older men recruiting for a far right gym", "report_concern", 0.6
        ),
        "someone being drawn in",
        "worried_radicalisation",
    ),
    (
        "'you'll see me on the news' is a sign of planning",
        parsed("my lodger said one day youll all see me on the news and laughed", "report_other_crime", 0.5),
        "signs of planning",
        "report_concern",
    ),
    (
        "how to report another crime, taken for off-topic, is left to the guess (its reply shows 101)",
        parsed("how do i report a crime that is not urgent", "out_of_scope", 0.4),
        "classifier guess",
        "out_of_scope",
    ),
    (
        "how to report online material stays online content",
        parsed("how can i report a website full of jihadi videos", "report_online_content", 0.6),
        "online material, no threat now",
        "report_online_content",
    ),
    (
        "telling Prevent about someone gets Prevent",
        parsed("would it be wrong to tell prevent about my brother", "report_concern", 0.6),
        "someone being drawn in",
        "worried_radicalisation",
    ),
    (
        "a question about Prevent referrals in general stays a question",
        parsed("how many people get referred to prevent", "ask_statistics", 0.9, ["prevent"]),
        "classifier guess",
        "ask_statistics",
    ),
    (
        "not wanting to become one of them, taken for a crisis, gets Prevent",
        parsed("i keep watching their videos and i dont want to become a terrorist", "crisis", 0.6),
        "drawn in myself, taken for a crisis",
        "worried_radicalisation",
    ),
    (
        "an excuse naming a term is a question, not an excuse",
        parsed("only asking for my essay, what is channel", "out_of_scope", 0.5, ["channel"]),
        "classifier guess",
        "out_of_scope",
    ),
    (
        "posters seen online stay online content",
        parsed("a facebook page keeps posting posters for a banned group", "report_online_content", 0.8),
        "classifier guess",
        "report_online_content",
    ),
    (
        "a threat seen online is still 999 first",
        parsed(
            "he posted a video on snapchat holding a gun, says hes going to shoot up the mosque friday",
            "report_emergency",
        ),
        "999 guess stands",
        "report_emergency",
    ),
    (
        "something online happening now is still 999 first",
        parsed("a guy is livestreaming himself with a rifle outside the arena right now", "report_concern"),
        "emergency words",
        "report_emergency",
    ),
    (
        "crisis words beat material seen online",
        parsed("after watching those beheading clips online i want to kill myself", "report_online_content"),
        "crisis words",
        "crisis",
    ),
    (
        "asking for it oneself is refused, whoever else is named",
        parsed("my cousin was making pipe bombs, how do i make a pipe bomb like his", "request_harm"),
        "harm request",
        "request_harm",
    ),
    (
        "saying it is not happening now leaves the report guess",
        parsed("a lad said he would stab his teacher but it isn't happening today", "report_concern", 0.7),
        "classifier guess",
        "report_concern",
    ),
    # the rows added for the third look at issue 9
    (
        "a worry about a named person stays radicalisation, though it names online material",
        parsed("my grandson is always watching isis videos on his phone", "worried_radicalisation", 0.8),
        "classifier guess",
        "worried_radicalisation",
    ),
    (
        "danger words beat another crime",
        parsed("the drug dealer downstairs has a gun", "report_concern", 0.8),
        "emergency words",
        "report_emergency",
    ),
    (
        "a terrorism word keeps a report that also names a crime",
        parsed("i think they sell drugs to send money to isis", "report_concern", 0.8),
        "classifier guess",
        "report_concern",
    ),
    (
        "offering details to a concern route keeps that route",
        parsed("can i send you the screenshots here", "report_online_content", 0.7),
        "classifier guess",
        "report_online_content",
    ),
    (
        "a figure question about a period never turns a radicalisation worry into a figure",
        parsed("how many hours a day is my son online with these extremists", "worried_radicalisation", 0.8),
        "classifier guess",
        "worried_radicalisation",
    ),
    # round 14, sentences written for these tests
    (
        "a group teaching how to make weapons, told of, is online content, not a harm request",
        parsed(
            "there's a whatsapp group teaching people how to build guns, what should i do",
            "request_harm",
            0.6,
        ),
        "online material, no threat now",
        "report_online_content",
    ),
    (
        "asking for such a group to join stays refused",
        parsed("is there a telegram chat sharing how to make explosives, i wanna join", "request_harm", 0.6),
        "harm request",
        "request_harm",
    ),
    (
        "asking the chat to carry a report gets the report reply, not what the bot can do",
        parsed("could u pass that along to counter terrorism for me", "ask_bot_capabilities", 0.5),
        "details offered here",
        "report_concern",
    ),
]


@pytest.mark.parametrize("why, message, row_name, intent", TIE_BREAKS, ids=[c[0] for c in TIE_BREAKS])
def test_tie_breaks_go_to_the_earlier_row(why, message, row_name, intent):
    assert route(message).name == row_name, why
    assert routed_intent(message) == intent, why


def test_every_forced_intent_is_in_the_domain():
    forced = {row.intent for row in ROUTES if row.intent is not routing.KEEP}
    assert forced <= set(DOMAIN["intents"]) | {"nlu_fallback"}  # nlu_fallback: one of Rasa's own


# --- the Rasa component is a thin wrapper: it reads the message, applies the table, and nothing more ---


def rasa_message(text, intent, confidence, terms=()):
    from rasa.shared.nlu.training_data.message import Message

    ranking = [{"name": intent, "confidence": confidence}, {"name": "greet", "confidence": 0.01}]
    entities = [{"entity": "term", "value": t, "start": 0, "end": 1} for t in terms]
    return Message(data={"text": text, "intent": ranking[0], "intent_ranking": ranking, "entities": entities})


def the_router():
    from addons.nlu.router import Router

    return Router({**Router.get_default_config()})


def test_the_router_forces_the_row_intent_first_and_keeps_the_ranking():
    message = rasa_message("what number do I call", "ask_statistics", 0.9, ["overview", "public_reports"])
    the_router().process([message])
    assert message.get("intent") == {"name": "report_concern", "confidence": 1.0}
    assert [r["name"] for r in message.get("intent_ranking")] == ["report_concern", "ask_statistics", "greet"]


def test_the_router_leaves_a_kept_guess_alone():
    message = rasa_message("what is channel", "ask_channel", 0.8, ["channel"])
    the_router().process([message])
    assert message.get("intent") == {"name": "ask_channel", "confidence": 0.8}


def test_the_router_reads_the_terms_from_the_entities():
    with_term = rasa_message("how many arrests", "ask_prevent", 0.8, ["arrests"])
    without = rasa_message("how many arrests", "ask_prevent", 0.8)
    the_router().process([with_term, without])
    assert (
        with_term.get("intent")["name"] == "ask_statistics" and without.get("intent")["name"] == "ask_prevent"
    )


def test_the_router_uses_the_guard_limit_of_defaults_env():
    from addons import settings

    limit = settings.get_int("GUARD_MAX_CHARS")
    at_limit, over = (rasa_message("a" * n, "greet", 0.9) for n in (limit, limit + 1))
    the_router().process([at_limit, over])
    assert at_limit.get("intent")["name"] == "greet" and over.get("intent")["name"] == "nlu_fallback"
