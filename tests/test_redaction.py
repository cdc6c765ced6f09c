"""addons.redaction.redact: personal details out, the bot's own numbers and ordinary text kept."""

import subprocess
import sys
import time
from pathlib import Path

import pytest

from addons.redaction import PLACEHOLDERS, clean_text, redact

ROOT = Path(__file__).resolve().parents[1]

PHONE = PLACEHOLDERS["phone"]
EMAIL = PLACEHOLDERS["email"]
POSTCODE = PLACEHOLDERS["postcode"]
VRM = PLACEHOLDERS["vrm"]
NINO = PLACEHOLDERS["nino"]
CARD = PLACEHOLDERS["card"]
NUMBER = PLACEHOLDERS["number"]
ADDRESS = PLACEHOLDERS["address"]
NAME = PLACEHOLDERS["name"]
DOB = PLACEHOLDERS["dob"]
HANDLE = PLACEHOLDERS["handle"]
URL = PLACEHOLDERS["url"]
IP = PLACEHOLDERS["ip"]

# (message, the personal detail in it, the placeholder that must replace it)
# Numbers are Ofcom's drama ranges, names and places are made up or public landmarks.
REDACTED = [
    # UK mobiles, every way people type them
    ("my number is 07700 900123", "07700 900123", PHONE),
    ("ring me 07700900123 after 6", "07700900123", PHONE),
    ("its 07700-900-123", "07700-900-123", PHONE),
    ("07700.900.123 is my mob", "07700.900.123", PHONE),
    ("call me on +44 7700 900123", "+44 7700 900123", PHONE),
    ("+447700900123", "+447700900123", PHONE),
    ("0044 7700 900 123 from abroad", "0044 7700 900 123", PHONE),
    ("text 7700 900123 (forgot the 0)", "7700 900123", PHONE),
    ("tel:07700900123", "07700900123", PHONE),
    ("mob07700900123", "07700900123", PHONE),
    # landlines
    ("landline (020) 7946 0958", "7946 0958", PHONE),
    ("+44 (0)20 7946 0958 is the office", "7946 0958", PHONE),
    ("manchester 0161 496 0000", "0161 496 0000", PHONE),
    ("leeds 0113-496-0123", "0113-496-0123", PHONE),
    ("01632 960 001 is my mums", "01632 960 001", PHONE),
    ("0300 123 4567 is the helpline at my work", "0300 123 4567", PHONE),
    ("some other country +33 1 23 45 67 89", "23 45 67 89", PHONE),
    # e-mail addresses
    ("email me on jo.bloggs@example.co.uk", "jo.bloggs@example.co.uk", EMAIL),
    ("JO_B+tips@mail.example.com. Then reply", "JO_B+tips@mail.example.com", EMAIL),
    ("(jo@example.com)", "jo@example.com", EMAIL),
    ("jo @ example.com", "jo @ example.com", EMAIL),
    ("jo dot bloggs at gmail dot com", "bloggs", EMAIL),
    ("jo(at)example.com", "jo(at)example.com", EMAIL),
    ("jo [at] example [dot] org", "example", EMAIL),
    # postcodes
    ("I live in SW1A 1AA", "SW1A 1AA", POSTCODE),
    ("postcode m1 1ae", "m1 1ae", POSTCODE),
    ("B33 8TH near the park", "B33 8TH", POSTCODE),
    ("sw1a1aa", "sw1a1aa", POSTCODE),
    ("EC1A 1BB", "EC1A 1BB", POSTCODE),
    ("W1A 0AX", "W1A 0AX", POSTCODE),
    ("LS1 4AP leeds", "LS1 4AP", POSTCODE),
    ("CR2 6XH", "CR2 6XH", POSTCODE),
    ("DN55 1PT", "DN55 1PT", POSTCODE),
    # vehicle registrations
    ("the car was AB12 CDE", "AB12 CDE", VRM),
    ("reg ab12cde silver golf", "ab12cde", VRM),
    ("LK70 XYZ parked outside", "LK70 XYZ", VRM),
    ("AB 12 CDE", "AB 12 CDE", VRM),
    ("old van P123 ABC", "P123 ABC", VRM),
    ("p123abc", "p123abc", VRM),
    ("classic ABC 123D", "ABC 123D", VRM),
    ("northern irish plate BIZ 1234", "BIZ 1234", VRM),
    # National Insurance numbers
    ("NI number QQ 12 34 56 C", "QQ 12 34 56 C", NINO),
    ("ab123456c", "ab123456c", NINO),
    ("AB 12 34 56 C", "AB 12 34 56 C", NINO),
    ("ni: JK-12-34-56-D", "JK-12-34-56-D", NINO),
    # card numbers and other long numbers
    ("card 4111 1111 1111 1111", "4111 1111 1111 1111", CARD),
    ("5500-0000-0000-0004", "5500-0000-0000-0004", CARD),
    ("amex 378282246310005", "378282246310005", CARD),
    ("4111111111111111", "4111111111111111", CARD),
    ("account 12345678901", "12345678901", NUMBER),
    ("passport 123456789", "123456789", NUMBER),
    ("a very long one 123456789012345678901234567890", "123456789012345678901234567890", NUMBER),
    # street addresses
    ("I live at 14 acacia avenue", "14 acacia avenue", ADDRESS),
    ("12 Downing Street", "12 Downing Street", ADDRESS),
    ("221B Baker Street", "221B Baker Street", ADDRESS),
    ("5 Priory Close, Leeds", "5 Priory Close", ADDRESS),
    ("22 Elm Rd.", "22 Elm Rd", ADDRESS),
    ("Flat 3, 22 Elm Road", "Flat 3", ADDRESS),
    ("at 3-5 High Street", "3-5 High Street", ADDRESS),
    ("17 Station Lane", "17 Station Lane", ADDRESS),
    ("house number 42", "house number 42", ADDRESS),
    # names people state, and dates of birth
    ("my name is john smith and i saw something", "john smith", NAME),
    ("a man named Jo Bloggs", "Jo Bloggs", NAME),
    ("my son is Adam and he is 15", "Adam", NAME),
    ("I'm Sarah", "Sarah", NAME),
    ("his name is tariq", "tariq", NAME),
    ("DOB: 01/02/1980", "01/02/1980", DOB),
    ("born on 3rd March 1985", "3rd March 1985", DOB),
    ("date of birth 1.2.80", "1.2.80", DOB),
    # issue 7: what got through before
    ("07912/345678", "345678", PHONE),
    ("07912_345_678", "345_678", PHONE),
    ("07912\u2010345\u2011678", "345", PHONE),
    ("07912\u2212345\u2014678", "345", PHONE),
    ("ring 07912\u2013345678", "345678", PHONE),
    ("100 Main Street", "Main", ADDRESS),
    ("22 church close", "church", ADDRESS),
    ("number 12 on Station Road", "Station", ADDRESS),
    ("10 the crescent", "10 the", ADDRESS),
    ("9 St Anne's Way", "Anne", ADDRESS),
    ("17 Heol y Llan", "Llan", ADDRESS),
    ("he lives on Ashdown Gardens now", "Ashdown", ADDRESS),
    ("jsmith at gmail.com", "jsmith", EMAIL),
    ("j.smith @ gmail . com", "smith", EMAIL),
    ("jsmith(a)gmail.com", "jsmith", EMAIL),
    ("jo(dot)bloggs(at)gmail(dot)com", "bloggs", EMAIL),
    ("ab 12 cde", "cde", VRM),
    ("AB12-CDE", "CDE", VRM),
    ("reg was K.X.1.9 Y.T.R", "Y.T.R", VRM),
    ("SW1A-1AA", "1AA", POSTCODE),
    ("4111/1111/1111/1111", "1111", CARD),
    ("date of birth 1980-02-01", "1980-02-01", DOB),
    ("born on the 3rd of March 1985", "1985", DOB),
    ("DOB 1.2.80", "1.2.80", DOB),
    ("born in 1985", "1985", DOB),
    ("he was born in 89", "89", DOB),
    # names
    ("my neighbour John Smith", "Smith", NAME),
    ("a guy called Dave Jones", "Jones", NAME),
    ("Mr Robert Brown", "Robert", NAME),
    ("my brother Ali", "Ali", NAME),
    ("my neighbour john smith keeps a van", "smith", NAME),
    ("my son's friend Yusuf talks about fighting", "Yusuf", NAME),
    ("Chinedu Okafor has been radicalised", "Okafor", NAME),
    ("rhys evans from the club has changed", "evans", NAME),
    ("Jamal keeps talking about martyrdom", "Jamal", NAME),
    ("the Kowalczyks next door", "Kowalczyk", NAME),
    ("MARCUS JOHNSON IS PLANNING SOMETHING", "JOHNSON", NAME),
    # online identifiers
    ("follow @dave_j99", "dave_j99", HANDLE),
    ("his instagram is jsmith_88", "jsmith_88", HANDLE),
    ("on snapchat hes jxmie.b", "jxmie", HANDLE),
    ("reddit u/somebrit", "somebrit", HANDLE),
    ("facebook.com/john.smith.5", "john.smith", URL),
    ("t.me/somechannel", "somechannel", URL),
    ("tiktok.com/@dave", "dave", URL),
    ("https://www.instagram.com/jsmith/", "jsmith", URL),
    ("https://bsky.app/profile/rory.bsky.social", "rory", URL),
    ("ip 192.168.1.20", "192.168", IP),
    ("zo\u00eb.wi\u015bniewska@gmail.com", "gmail", EMAIL),
    ("jo.bloggs@ gmail.com", "bloggs", EMAIL),
    ("dave_j99 on insta", "dave_j99", HANDLE),
    ("a van parked on Ashdown Road", "Ashdown", ADDRESS),
    ("Rose Cottage, Mill Lane", "Rose", ADDRESS),
    ("me and dave went", "dave", NAME),
    ("his ipv6 was 2001:db8::1", "2001:db8", IP),
]


@pytest.mark.parametrize("text,detail,placeholder", REDACTED, ids=[r[0] for r in REDACTED])
def test_personal_details_are_replaced(text, detail, placeholder):
    out = redact(text)
    assert detail not in out, out
    assert placeholder in out, out


# Must survive untouched: the bot's own numbers, years, figures, roads and ordinary phrases.
KEPT = [
    "call 999",
    "In an emergency call 999. To report something, use gov.uk/ACT or call 0800 789 321.",
    "report it at gov.uk/ACT or look at gov.uk/ACT",
    "www.gov.uk/ACT",
    "the hotline is 0800 789 321",
    "0800789321",
    "Anti-Terrorist Hotline: 0800 789 321",
    "Samaritans on 116 123",
    "116123",
    "ring 101 or 111, or 112 from a mobile",
    "since 2017 there were 43 plots",
    "more than 800 investigations",
    "about 250 arrests a year",
    "254 people in prison, about 60% islamist",
    "between 2017 and 2024",
    "in March 2017",
    "2017-2024",
    "on 12/03/2024 at 10:30",
    "£5,000",
    "1,000,000 people",
    "1 000 000",
    "on the M25 and A1",
    "ON THE M25 AND I SAW",
    "the A303 was shut",
    "in 20 min at 10 pm",
    "3 men walk past every day",
    "2 people on the road near the park",
    "I have 2 questions about the road",
    "24/7",
    "COVID-19",
    "9/11 and 7/7",
    "MI5 and MI6",
    "this is MI5?",
    "Terrorism Act 2000 section 58",
    "iOS 17, Windows 11",
    "i'm 16 years old",
    "called Prevent",
    "i'm worried about my son",
    "my name is not important",
    "call me back",
    "I'm British",
    "I'm In London",
    "my friend is acting strange",
    "Room 101",
    "what is prevent",
    "how many plots have been stopped",
    "hello there, anyone about?",
    "reference 123456",
    "user@",
    "@CTP_UK on twitter",
    # issue 7: meaning destroyed before
    "I'm Sikh",
    "I'm Muslim and scared",
    "compare arrests 2019 2020 2021",
    "HI 999",
    "is AI 2024 used by terrorists",
    "CONTEST 2023",
    "what is Martyn's Law",
    "the Parsons Green attack",
    "my brother will be fine",
    "Victoria Station was closed",
    "is Andrew Tate extremist",
    "what did 10 Downing Street say",
    "Sir David Amess",
    "the Notting Hill Carnival",
    "a 5 min walk from the station",
    "see counterterrorism.police.uk/what-we-do",
    "https://www.gov.uk/ACT",
    "2017\u20132024",
    "there\u2019s a man outside",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467 family",
    "a rucksack left in Birmingham New Street station",
    "2 people near the park",
]


@pytest.mark.parametrize("text", KEPT)
def test_ordinary_text_and_public_numbers_are_kept(text):
    assert redact(text) == text


def test_several_details_in_one_message():
    text = (
        "Hi, my name is Jo Bloggs, I live at 14 Acacia Avenue, Leeds LS1 4AP. "
        "Call me on 07700 900123 or email jo.bloggs@example.co.uk. The van was "
        "AB12 CDE. If it's urgent I know to call 999 or 0800 789 321."
    )
    out = redact(text)
    for detail in ("Jo Bloggs", "Acacia", "LS1 4AP", "07700", "jo.bloggs", "AB12"):
        assert detail not in out, out
    assert "999" in out and "0800 789 321" in out and "Leeds" in out


def test_redaction_is_pure_and_idempotent():
    text = "07700 900123 and SW1A 1AA"
    once = redact(text)
    assert redact(text) == once
    assert redact(once) == once


def test_non_text_is_returned_unchanged():
    assert redact("") == ""
    assert redact(None) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "name,text",
    [
        ("one long number", "1" * 65536),
        ("dotted run with an @", "a." * 32768 + "@"),
        ("plus signs", "+4" * 32768),
        ("x@ pairs", "x@" * 32768),
        ("spelled at", "a at " * 13107),
        ("house numbers", "12 Aa " * 10922),
        ("underscored run with an @", "a_" * 32768 + "@"),
        ("spelt dots", "a dot " * 10000 + "@"),
        ("streets", "on Aa Road " * 6000),
        ("capitalised words", "Aa Bb " * 10922),
        ("handle-shaped run", "a.1_" * 16384),
    ],
)
def test_worst_case_inputs_take_linear_time(name, text):
    """No catastrophic backtracking: 64 KiB (the channel's body limit) in well under a second."""
    started = time.perf_counter()
    redact(text)
    assert time.perf_counter() - started < 2.0, name


def test_cleaning_is_part_of_redact():
    """redact() is the only function the channel applies: it cleans as well."""
    assert clean_text("  a\u200b\u0000b \n\t c\ud800  ") == "ab c"
    assert clean_text("\uff10\uff17\uff17\uff10\uff10") == "07700"  # fullwidth digits (NFKC)
    assert (
        redact("call\u200b \uff10\uff17\uff17\uff10\uff10 \uff19\uff10\uff10\uff11\uff12\uff13")
        == f"call {PHONE}"
    )
    assert redact("  hello   there \x07") == "hello there"
    assert redact("07700\u200d900123") == PHONE  # a joiner between digits goes


SAMPLES = [text for text, _, _ in REDACTED] + KEPT


@pytest.mark.parametrize("text", SAMPLES)
def test_redaction_is_idempotent(text):
    once = redact(text)
    assert redact(once) == once


def test_placeholders_survive():
    text = " ".join(PLACEHOLDERS.values())
    assert redact(text) == text
    assert redact(f"my neighbour {NAME} at {ADDRESS}") == f"my neighbour {NAME} at {ADDRESS}"


def test_no_socket_is_opened_on_import_or_redact():
    """Fully offline: import and use in a fresh interpreter where opening a socket raises."""
    code = (
        "import socket\n"
        "def refuse(*a, **k):\n    raise RuntimeError('network used')\n"
        "socket.socket = refuse; socket.create_connection = refuse; socket.getaddrinfo = refuse\n"
        "from addons.redaction import redact\n"
        "out = redact('call 07700 900123, jo@gmail.com, facebook.com/jo.b, my neighbour John Smith')\n"
        "assert '07700' not in out and 'jo@' not in out and 'Smith' not in out, out\n"
        "print('ok')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr[-2000:]


def test_training_sentences_gain_no_names():
    """The training sentences (data/nlu.yml) hold no personal data: every [name] there would be a false positive."""
    sys.path.insert(0, str(ROOT))
    from bench.redaction_bench import training_sentences

    sentences = training_sentences()
    assert len(sentences) > 1000
    wrong = [(s, redact(s)) for s in sentences if NAME in redact(s)]
    assert not wrong, wrong[:10]


def test_issue_figures_are_met_on_the_dev_corpus():
    """The issue's goals on the independent dev corpus (bench/redaction_corpus.yml)."""
    sys.path.insert(0, str(ROOT))
    from bench.redaction_bench import CORPORA, GROUPS, score_corpus

    result, misses, changed = score_corpus(CORPORA["dev"], redact)
    for category in sorted(GROUPS["details"]):
        assert result["categories"][category]["recall"] >= 0.95, (category, misses)
    assert result["details_recall"] >= 0.98, misses
    assert result["names_recall"] >= 0.90, misses
    assert result["online_recall"] >= 0.90, misses
    assert not changed, changed
    assert result["cpu_ms_p95"] < 5.0  # CPU time per message: the machine may be busy


# Rare forenames that the English word list also holds ("Tarquin", "Ezekiel") once got through
# after "named" or "my son is"; nationalities and faiths after "is" must stay.
@pytest.mark.parametrize(
    "text, secrets",
    [
        ("a woman named Persephone Quillfeather lives there", ["Persephone", "Quillfeather"]),
        ("my cousin is Obadiah and he has changed", ["Obadiah"]),
        ("her name is Ophelia Grange", ["Ophelia", "Grange"]),
        ("my lodger was Thaddeus", ["Thaddeus"]),
    ],
)
def test_a_capitalised_word_after_a_stated_name_lead_in_is_a_name(text, secrets):
    out = redact(text)
    assert "[name]" in out
    assert not any(s in out for s in secrets), out


@pytest.mark.parametrize(
    "text",
    ["my neighbour is Irish", "my son is British and proud", "my friend is Muslim and worried"],
)
def test_peoples_and_faiths_after_is_are_not_names(text):
    assert redact(text) == text


# after "named" any word is taken as a name ("a guy named mo"), but not a plural noun: "named
# politicians" once became "named [name]"
@pytest.mark.parametrize(
    "text, kept",
    [
        ("a blogger keeps saying named politicians should be hanged", True),
        ("he posts lists of named targets", True),
        ("a guy named mo keeps asking", False),
        ("a lad named james keeps asking", False),
    ],
)
def test_a_plural_noun_after_named_is_not_a_name(text, kept):
    assert (redact(text) == text) is kept


# Welsh (CTP covers Wales): word-shape name rules read English, and once turned "mae dyn gyda gwn"
# ("there's a man with a gun") into "[name] gwn", hiding it from the language check that routes it.
@pytest.mark.parametrize(
    "text",
    ["mae dyn yn y stryd gyda chyllell", "Beth ddylwn i ei wneud nawr?", "Mae bom yn yr orsaf drenau"],
)
def test_welsh_messages_keep_their_words_and_stay_recognisable(text):
    from addons.nlu import language

    assert redact(text) == text
    assert language.is_other_language(redact(text))


# round 13: a forename that names a tool or a drink, and regions called "the ...", are not people;
# the same words are still names when a person is meant
@pytest.mark.parametrize(
    "text, kept",
    [
        ("he had a Stanley knife in his work bag", True),
        ("ten Jerry cans of petrol stacked in his garage", True),
        ("it just needs an Allen key", True),
        ("out walking the Jack Russell when i saw it", True),
        ("we were camping up in the Dales", True),
        ("holiday in the Lakes last week", True),
        ("my neighbour Stanley has a Stanley knife", False),
        ("Jack Daniels keeps texting me threats", False),
        ("the Hendersons next door have been odd", False),
        ("Jerry can you help me", False),
    ],
)
def test_things_and_regions_named_like_people(text, kept):
    assert (redact(text) == text) is kept
