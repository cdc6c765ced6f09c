"""Names of people (kind "name"), found three ways:
- after a lead-in: "my neighbour John Smith", "a guy called dave jones", "Mr Robert Brown";
- a run of two or three name words: "Chinedu Okafor", "rhys evans", "Hassan Ali Mahmood";
- one known forename used as a subject: "Jamal keeps ...", "tyrone has been ...", "the Hendersons".
A name word is one in the gazetteer (data/forenames.txt, surnames.txt) that is not mostly an
ordinary word (data/ordinary_words.txt: "will", "hope", "summer"), or a capitalised word that is
not English (data/english_words.txt). See data/build_name_lists.py for sources and licences."""

from __future__ import annotations

import re
from pathlib import Path
from typing import FrozenSet, List, Optional, Tuple

Span = Tuple[int, int, str]
_DATA = Path(__file__).with_name("data")


def _load(name: str) -> FrozenSet[str]:
    lines = (_DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(w for line in lines if not line.startswith("#") for w in line.split())


FORENAMES = _load("forenames.txt")
SURNAMES = _load("surnames.txt")
_NAMES = FORENAMES | SURNAMES
_STOP = _load("stop_words.txt") | {"im", "i'm", "ive", "dont", "its", "thats", "hes", "shes"}
_ORDINARY = _load("ordinary_words.txt") | _STOP
_ENGLISH = _load("english_words.txt")
# capitalised words that are not names of people: faiths, peoples, places, the bot's own terms
_NOT_NAMES = _STOP | _load("not_names.txt")
_WORDS_KNOWN = _ENGLISH | _NAMES | _NOT_NAMES
# countries that are also forenames: a name only when the person does something ("Jordan keeps")
_COUNTRY_FORENAMES = frozenset({"jordan", "chad", "india", "holland", "kenya", "israel", "georgia"})
# public figures, kept when named without a lead-in (data/public_names.txt)
_PUBLIC = frozenset(
    line.strip()
    for line in (_DATA / "public_names.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)
_RELATIONS = (
    r"neighbou?rs?|next[- ]door neighbou?r|brother|sister|son|daughter|husband|wife|partner|ex|"
    r"friend|mate|pal|cousin|uncle|aunt|auntie|aunty|dad|mum|mom|mother|father|stepdad|stepmum|"
    r"step-dad|step-mum|boss|manager|colleague|co-worker|coworker|workmate|teacher|tutor|"
    r"landlord|landlady|flatmate|housemate|roommate|boyfriend|girlfriend|fiance|fiancee|nephew|"
    r"niece|grandson|granddaughter|grandad|grandma|nan|classmate|student|pupil|lodger|tenant|"
    r"stepson|stepdaughter|in-law|brother-in-law|sister-in-law|relative|kid|child|lad|"
    r"guy|man|woman|bloke|girl|boy|fella|fellow|geezer|chap|person|teen|teenager|lady|gentleman"
)
_LEAD_INS = re.compile(
    r"\b(?:"
    # "my neighbour John Smith", "our lodger, Ali", "my son's friend Yusuf", "this guy naveed"
    r"(?:my|our|his|her|their|your|a|an|the|this|that|some|one)\s+(?:[a-z]+'s\s+)?"
    r"(?:(?:older|younger|little|big|eldest|youngest|new|old|best|ex|former|step|other)\s+)?"
    rf"(?:{_RELATIONS})"
    r"(?:\s*,\s*|\s+(?:is|was|called|named|named as|known as|who is)\s+|\s+)"
    # "a guy called Dave Jones", "someone named ...", "goes by", "his name is"
    r"|(?:called|named|known as|goes by|calls (?:him|her|them)sel(?:f|ves)|aka|a\.k\.a\.?)\s+"
    r"|(?:(?:my|his|her|their|the|your)\s+)?(?:full\s+|real\s+|first\s+|last\s+|sur)?"
    r"name\s*(?:is|was|'s|s|:|=|-)\s*"
    r"|(?:this is|i am called|i'm called|im called|signed|regards,?|thanks,?)\s+"
    r"|(?:mr|mrs|ms|miss|mx|dr|prof|sir|dame|lord|lady|rev|imam|sheikh|shaykh|ustadh|ustaz|"
    r"pastor|father|brother|sister|uncle|auntie|aunty|aunt|cllr|councillor|pc|sgt|"
    r"officer|judge|professor|doctor|mister|missus)\.?\s+"
    r")",
    re.IGNORECASE,
)
_TITLE = re.compile(r"(?:mr|mrs|ms|miss|dr|sir|dame|lord|lady|prof|professor|doctor)\.?", re.I)
# "I'm Sarah" but not "I'm Sikh", "me and dave", "told kyle": after these only a gazetteer name
_SELF = re.compile(
    r"\b(?:i'm|i am|im|it's|its|me and|and me|with|told|tell|ask|asked|about|to|like|met|meet|"
    r"saw|seen|texted|messaged|phoned|rang|by|called|named|against|than|for)\s+",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['\-](?=[^\W\d_]))*")
# a lead-in after which even an unknown word is a name
_STRONG = re.compile(
    r"(?:called|named|known as|goes by|name\W*(?:is|was|'s|s)?|mr|mrs|ms|miss|dr|"
    r"guy|man|woman|bloke|lad|girl|boy|fella|geezer|chap|lady)\W*$",
    re.I,
)
# what follows a person's name when it is the subject: "Jamal keeps", "tyrone has been"
_STRONG_CUES = (
    r"has|had|keeps|kept|said|says|told|tells|thinks|bought|owns|showed|sent|posted|"
    r"wants|started|reported|threatened|saw|filmed"
)
# an unknown word needs a verb only people do: "Olumide has been", not "Eid is", "Roblox and"
_PERSON_CUE = re.compile(rf"\s+(?:{_STRONG_CUES})\b")
_SUBJECT_CUE = re.compile(
    r"\s+(?:has|had|have|is|was|keeps|kept|keep|said|says|told|tells|from|who|and|"
    r"thinks|bought|buys|owns|saw|showed|shows|talks|talked|sent|sends|posted|posts|wants|"
    r"reported|goes|went|lives|works|always|never|just|will|did|does|got|gets|made|makes|"
    r"asked|asks|keeps|started|believes|hates|filmed|films|drives|drove|claims|called|"
    r"threatened|at\s+(?:my|our|the|his|her|work|school|college|uni))\b"
)


def _key(word: str) -> str:
    return re.sub(r"'s$", "", word.lower())


def _capital(word: str) -> bool:
    return word[0].isupper() and not (word.isupper() and len(word) > 1)


def _known(key: str) -> bool:
    """In the name lists and not mostly an ordinary word."""
    return key in _NAMES and key not in _ORDINARY


def _unknown_name(word: str, key: str) -> bool:
    """A capitalised word that is neither English nor a known word: "Okafor", "Chinedu"."""
    return _capital(word) and len(key) > 1 and key not in _ENGLISH and key not in _NAMES and key.isalpha()


def _first_ok(
    word: str, strong: bool, gazetteer_only: bool, named: bool = False, stated: bool = False
) -> bool:
    key = _key(word)
    if key in _NOT_NAMES or word.isupper() and len(word) > 1 and key not in _NAMES:
        return False
    if stated and _capital(word) and key not in _ORDINARY:
        # "a man named Tarquin", "my son is Ezekiel": the word list knows many rare forenames as
        # English words, but after such a lead-in a capitalised word that is not ordinary is a name
        return True
    if key in _COUNTRY_FORENAMES and not strong and (gazetteer_only or not _capital(word)):
        return False  # "to india", "my trip to Jordan"
    if gazetteer_only:
        return _known(key)
    if _capital(word):
        return key in _NAMES or key not in _ENGLISH
    return _known(key) or strong and (key in _NAMES or key not in _ENGLISH) or named and not _plural_noun(key)


def _plural_noun(key: str) -> bool:
    """ "named politicians", "named targets": after "named", a plural English word is not a name."""
    return key.endswith("s") and key in _ENGLISH and key[:-1] in _ENGLISH and key not in _NAMES


def _next_ok(word: str) -> bool:
    key = _key(word)
    if key in _NOT_NAMES:
        return False
    if _capital(word):
        return key in _NAMES or key not in _ENGLISH
    return key in _NAMES and key not in _STOP or key not in _ENGLISH and key.isalpha()


def _take_name(
    text: str, pos: int, strong: bool, gazetteer_only: bool, named: bool = False, stated: bool = False
) -> Optional[int]:
    """End of the name starting at ``pos`` (one to three words), or None."""
    end = None
    first_capital = False
    for i, m in enumerate(_WORD.finditer(text, pos)):
        word = m.group(0)
        gap = text[(end if end is not None else pos) : m.start()]
        if i >= 3 or (i == 0 and gap.strip()) or (i > 0 and gap != " "):
            break
        if i == 0:
            ok = _first_ok(word, strong, gazetteer_only, named, stated)
            first_capital = _capital(word)
        elif stated and first_capital:
            # "Tarquin Fintimlinbinwhin keeps": a capitalised name goes on with capitalised words
            ok = _capital(word) and _first_ok(word, strong, gazetteer_only, False, stated)
        else:
            ok = _next_ok(word)
        if not ok:
            break
        end = m.end()
    return end


def _run_spans(text: str, english: bool = True) -> List[Span]:
    """Names without a lead-in: runs of name words, or one forename used as a subject.

    In another language a run must be capitalised ("Wojciech Kowalski") and one forename needs an
    English verb after it: lower-case words there are as likely to be ordinary words ("mae dyn gyda
    gwn", "Beth yw ...")."""
    spans: List[Span] = []
    words = list(_WORD.finditer(text))
    i = 0
    while i < len(words):
        word, key = words[i].group(0), _key(words[i].group(0))
        start, end, j = words[i].start(), words[i].end(), i + 1
        public = next(
            (n for n in (3, 2) if " ".join(_key(w.group(0)) for w in words[i : i + n]) in _PUBLIC), 0
        )
        if public:  # "Osama bin Laden", "Lee Rigby": public figures stay
            i += public
            continue
        pair = words[i : i + 2]
        if " ".join(_key(w.group(0)) for w in pair) in _NAMED_AFTER_PEOPLE and not _SUBJECT_CUE.match(
            text, pair[-1].end()
        ):
            i += 2
            continue
        if key in FORENAMES and _NAMED_TOOL.match(text, end):
            i += 1
            continue
        first = key not in _NOT_NAMES and (
            _known(key)
            and key in FORENAMES
            or _unknown_name(word, key)
            or _capital(word)
            and key in FORENAMES
            and key not in _STOP
        )
        if first and _after_title_word(text, words, i) and words[i - 1].group(0).lower() in _REVERED:
            first = False
        if first and not word.endswith("'s") and not (key in _ENGLISH and not _capital(word)):
            while (
                j < min(i + 3, len(words))
                and text[end : words[j].start()] == " "
                and _run_next_ok(words[j].group(0), _capital(word), key in _NAMES)
            ):
                end, j = words[j].end(), j + 1
        if first and j - i >= 2 and not (key in _ORDINARY and _key(words[i + 1].group(0)) in _ORDINARY):
            if not _is_public(text[start:end]) and (english or _capital(word)):
                spans.append((start, end, "name"))
        elif first and j - i == 1 and key in _COUNTRY_FORENAMES and not _PERSON_CUE.match(text, end):
            pass  # "went to Jordan"
        elif (
            first
            and j - i == 1
            and key not in _ORDINARY
            and not _after_title_word(text, words, i)
            and (
                english
                and _capital(word)
                and key in FORENAMES
                and not _NAMED_THING.match(text, end)
                or (_SUBJECT_CUE if key in _NAMES else _PERSON_CUE).match(text, end)
                or word.endswith("'s")
                and _POSSESSED.match(text, end)
            )
        ):
            spans.append((start, end, "name"))
        elif (
            j - i == 1
            and key.isalpha()
            and key not in _WORDS_KNOWN
            and i + 1 < len(words)
            and text[end : words[i + 1].start()] == " "
        ):
            # "arjun mehta saw ...": two unknown lower-case words doing what people do
            second = words[i + 1]
            skey = _key(second.group(0))
            if (
                skey.isalpha()
                and skey not in _ENGLISH
                and skey not in _NOT_NAMES
                and _PERSON_CUE.match(text, second.end())
            ):
                spans.append((start, second.end(), "name"))
                j = i + 2
        i = j
    return spans


# "the Prophet Muhammad", "Saint Patrick", "King Charles": figures, not people near the user
_REVERED = frozenset(
    """
    prophet saint st king queen prince princess pope lord holy imam guru sultan emperor
    president chancellor
    """.split()
)


def _after_title_word(text: str, words: list, i: int) -> bool:
    """'Big Ben', 'the Sunday Times': a capitalised English word mid-sentence before the name."""
    if i < 1 or text[words[i - 1].end() : words[i].start()] not in (" ", ". "):
        return False
    before = words[i - 1].group(0)
    if before.lower() in _REVERED:
        return True
    return i >= 2 and _capital(before) and _key(before) in _ENGLISH and before != "I"


def _is_public(name: str) -> bool:
    """Any two consecutive words of the run form (part of) a public figure's name."""
    words = [_key(w) for w in name.split()]
    if len(words) > 1 and " ".join(words) in _PUBLIC:
        return True
    return any(
        " ".join(words[i : i + 2]) in _PUBLIC or " ".join(words[i : i + 3]) in _PUBLIC
        for i in range(len(words))
    )


_PLACE_WORDS = frozenset(
    """
    hill green park street lane bridge cross gate heath common wood woods field fields end town
    city square way place court row hall house vale dale marsh moor ford bury brook well wells
    mill mills bank banks rise grove castle
    """.split()
)


def _run_next_ok(word: str, first_capital: bool, first_known: bool) -> bool:
    key = _key(word)
    if key in _NOT_NAMES or key in _STOP:
        return False
    if _capital(word):  # "Parsons Green", "Notting Hill": after an unknown word, no place word
        if key in _NAMES:
            return first_capital and (first_known or key not in _ORDINARY and key not in _PLACE_WORDS)
        return first_capital and key not in _ENGLISH
    if _SUBJECT_CUE.match(" " + word) or first_capital:
        return False  # "morgan said": the verb after the name
    return key in _NAMES or key not in _ENGLISH and key.isalpha()


# "Martyn's Law", "Victoria Station": a forename before another capitalised word names a thing
_NAMED_THING = re.compile(r"\s+(?!I\b)[A-Z]")
# "a Stanley knife", "jerry cans", "an Allen key": a forename before these nouns names a tool, not a person
_NAMED_TOOL = re.compile(r"[\s-]+(?:knife|knives|guns?|key|cans)\b", re.I)
# things named after people that read as a forename and a surname
_NAMED_AFTER_PEOPLE = frozenset({"jack russell", "jack russells", "jack daniels", "jack daniel's"})
# what a person's possessive names: "Sinead's husband", not "Martyn's Law"
_POSSESSIVE_THINGS = r"house|home|flat|car|van|place|phone|number|address|shop|garage|garden|kids|"
_POSSESSED = re.compile(rf"\s+(?:{_POSSESSIVE_THINGS}{_RELATIONS})\b", re.I)
# "the Hendersons", "the Kowalczyks next door": a family by its surname
_FAMILY = re.compile(r"\bthe\s+([A-Z][^\W\d_]+)s\b(?!\s+[A-Z])")


# lead-ins after which a capitalised word is a name: "named", "name is", "my son is"
_STATED = re.compile(r"(?:\bnamed|\bname\s*(?:is|was|'s|:)|\b(?:is|was))$", re.I)


def _other_language(text: str) -> bool:
    # imported here: the detector is built once, on first use, in the Rasa process that routes by it
    from addons.nlu.language import is_other_language

    return is_other_language(text)


def name_spans(text: str) -> List[Span]:
    if len(text) > 3 and text.isupper() and len(text.lower()) == len(text):
        text = text.lower()  # SHOUTING: judge the words as if typed in lower case
    spans: List[Span] = []
    # The word-shape rules below read English: in Welsh "Mae dyn gyda gwn" ("there's a man with a
    # gun") they would see a name and hide the message from the language check that routes it.
    english = not _other_language(text)
    for m in _LEAD_INS.finditer(text):
        strong = bool(_STRONG.search(m.group(0).strip()))
        title = bool(_TITLE.fullmatch(m.group(0).strip()))
        # after "named" any word is a name ("a guy named mo"); "called" may be a phone call
        named = m.group(0).rstrip().lower().endswith("named")
        stated = bool(_STATED.search(m.group(0).rstrip()))
        end = _take_name(text, m.end(), strong, gazetteer_only=False, named=named, stated=stated)
        if end and not (title and _is_public(text[m.end() : end])):  # "Sir David Amess"
            spans.append((m.end(), end, "name"))
    if not english:
        return spans + _run_spans(text, english=False)
    for m in _SELF.finditer(text):
        end = _take_name(text, m.end(), False, gazetteer_only=True)
        name = text[m.end() : end] if end else ""
        # "went to Hyde Park", "about Jo Cox": a place or a public figure
        country = name and _key(name.split()[0]) in _COUNTRY_FORENAMES
        if name and not country and not _is_public(name) and not _NAMED_THING.match(text, end):
            spans.append((m.end(), end, "name"))
    spans.extend(_run_spans(text))
    for m in _FAMILY.finditer(text):
        stem = m.group(1).lower()
        if _key(m.group(1) + "s") in _NOT_NAMES:
            continue  # "the Dales", "the Lakes": a region, not a family
        if stem not in _ENGLISH and (stem in SURNAMES or stem not in _WORDS_KNOWN and not stem.endswith("s")):
            spans.append((m.start(1), m.end(), "name"))
    return spans
