"""Postcodes, vehicle registrations and street addresses: (start, end, kind)."""

from __future__ import annotations

import re
from typing import List, Tuple

Span = Tuple[int, int, str]
_I = re.IGNORECASE
_SEP = r"[\s\-.]{0,2}"

# full postcodes in any case and with any separator ("SW1A-1AA", "m1 1ae"); an outward code
# alone ("M1") is a road too, so only after the word "postcode"
_POSTCODE = re.compile(
    r"\b(?:GIR\s?0AA|(?:[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRV-Y\d]?))"
    rf"{_SEP}\d[ABD-HJLNP-UW-Z]{{2}})\b",
    _I,
)
_OUTWARD = re.compile(r"\b(?:post ?code|postal code)\s*(?:is|:|was)?\s*([A-Z]{1,2}\d[A-Z\d]?)\b", _I)

# --- vehicle registration marks ------------------------------------------- #
_AGE = r"(?:0[1-9]|[1-2]\d|5[1-9]|[6-7]\d)"
_VRM_PATTERNS = [
    # current format ("AB12 CDE", "ab12cde", "AB12-CDE", "ab 12 cde")
    re.compile(rf"\b([A-Z]{{2}}){_SEP}{_AGE}{_SEP}([A-Z]{{3}})\b", _I),
    # prefix format 1983-2001 ("P123 ABC")
    re.compile(r"\b([A-HJ-NPR-Y])\d{1,3}[\s\-]?([A-Z]{3})\b", _I),
    # suffix format 1963-1983 ("ABC 123D")
    re.compile(r"\b([A-Z]{3})[\s\-]?\d{1,3}[\s\-]?([A-HJ-NPR-Y])\b", _I),
    # Northern Ireland: a code with I or Z, optional serial letter, 1-4 digits ("BIZ 1234")
    re.compile(r"\b([A-Z](?:[A-Z][IZ]|I[ABGJLW])|[A-HJ-NP-Y]Z|I[ABGJLW])[\s\-]?(\d{1,4})\b", _I),
]
_VRM_AFTER = re.compile(r"\b(?:reg|registration|number ?plate|plate|reg no|reg number|vrm)\b", _I)
# letter groups that are ordinary words when the mark is not glued and not in capitals
_NOT_PLATE_WORDS = frozenset(
    """
    at on in is it to of by me my we he up so no or as an be do go if us am pm hi ai the and for
    was are but not you all car van bus way now out off has had him her his she who why how can
    saw got get set jan feb mar apr may jun jul aug sep oct nov dec men age ago yrs pcs mph min
    hrs day one two six ten few our its any too see new old big red man per act tact aged mins
    kms lbs kgs yes bad sad mad odd top
    """.split()
)
_NOT_PLATE = re.compile(r"^(?:COVID\d+|MI\d+|TACT\d*|CONTEST\d*|GCSE\d*)$", _I)


def _vrm_ok(raw: str, letters: tuple, after_keyword: bool) -> bool:
    if _NOT_PLATE.match(re.sub(r"[\s\-.]", "", raw)):
        return False
    glued = not re.search(r"[\s\-.]", raw)
    if after_keyword or raw.isupper() and glued:
        return True
    if any(g.lower() in _NOT_PLATE_WORDS for g in letters):
        return False
    digits = re.sub(r"\D", "", raw)
    if re.fullmatch(r"(?:19|20)\d\d", digits) or re.fullmatch(r"[A-Z]\d{1,3}", raw, _I):
        return False  # "AZ 2024", a road number
    return raw.isupper() or glued or len(letters[0]) == 2 and len(letters[-1]) == 3


# one character at a time: "S.D.6.8 X.K.E", "s w 1 a 1 a a"
_SPACED_OUT = re.compile(r"(?<![\w.])[A-Za-z0-9](?:[\s.\-]{1,2}[A-Za-z0-9]){4,9}(?![\w])")
_NINO_COMPACT = re.compile(r"[A-Z]{2}\d{6}[A-D]?", _I)


def spaced_out_spans(text: str) -> List[Span]:
    """A registration or postcode typed a character at a time, judged with the gaps taken out."""
    spans: List[Span] = []
    for m in _SPACED_OUT.finditer(text):
        chars = [(c.start(), c.group(0)) for c in re.finditer(r"[A-Za-z0-9]", m.group(0))]
        found = None
        for size in range(min(len(chars), 9), 4, -1):  # the longest run of characters that is one
            for first in range(len(chars) - size + 1):
                compact = "".join(c for _, c in chars[first : first + size])
                if compact.isalpha() or compact.isdigit():
                    continue
                kind = (
                    "postcode"
                    if _POSTCODE.fullmatch(compact)
                    else (
                        "vrm"
                        if any(p.fullmatch(compact) for p in _VRM_PATTERNS[:3])
                        else "nino"
                        if _NINO_COMPACT.fullmatch(compact)
                        else ""
                    )
                )
                if kind:
                    found = (m.start() + chars[first][0], m.start() + chars[first + size - 1][0] + 1, kind)
                    break
            if found:
                break
        if found:
            spans.append(found)
    return spans


def vrm_spans(text: str) -> List[Span]:
    spans: List[Span] = []
    for pattern in _VRM_PATTERNS:
        for m in pattern.finditer(text):
            before = text[max(0, m.start() - 25) : m.start()]
            if _vrm_ok(m.group(0), m.groups(), bool(_VRM_AFTER.search(before))):
                spans.append((m.start(), m.end(), "vrm"))
    return spans + spaced_out_spans(text)


# --- street addresses --------------------------------------------------------- #
_STREET_TYPES = (
    r"street|st|road|rd|avenue|ave|av|lane|ln|crescent|cres|terrace|terr|gardens|gdns|mews|"
    r"boulevard|blvd|grove|gr|esplanade|embankment|close|cl|drive|dr|way|place|pl|court|ct|"
    r"square|sq|parade|hill|park|walk|row|rise|view|green|vale|wharf|yard|gate|circus|broadway|"
    r"quay|approach|path|crossing|estate|cottages|villas|fields|meadows?|wood|gardens|end|croft|"
    r"chase|brow|mount|heights|side|bank|hollow|dale|leys|crest|glade|passage|alley|wynd|loan|"
    r"precinct|buildings|towers?|lodge|farm|cottage|mansions|flats|drv|dri|crt|pde|gro|hwy|pk|"
    r"wlk|clo|cresc"
)
_STREET_TYPE = re.compile(rf"^(?:{_STREET_TYPES})\.?$", _I)
# Welsh and other streets whose type comes first: "Heol y Llan", "Llys Gwyn", "Maes yr Haf"
_PREFIX_TYPES = frozenset(
    """
    heol ffordd stryd llys maes cae bryn plas lon rhodfa cilgant clos parc tan pen rue via
    """.split()
)
_WELSH_LINKS = {"y", "yr", "'r", "ar", "an", "na"}
_HOUSE_NO = re.compile(
    r"\b(?:(?:number|no\.?|house|num)\s*)?\d{1,4}[A-Za-z]?(?:\s?[-/]\s?\d{1,4}[A-Za-z]?)?,?\s+"
    r"(?:(?:on|in|at|of)\s+)?"
)
# "he lives on Ashcroft Gardens": a street named without a house number
_RESIDENCE = re.compile(
    r"\b(?:lives?|living|lived|stays?|staying|moved|house|flat|home|address(?:\s+is)?|based)"
    r"\s+(?:on|at|in|off|to|down)\s+",
    _I,
)
_STREET_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*\.?")
_FLAT = re.compile(
    r"\b(?:(?:flat|apartment|apt|maisonette|unit)\s*(?:no\.?\s*|number\s*|#\s*)?"
    r"|(?:house|door)\s+(?:no\.?|number)\s*)\d{1,4}[A-Za-z]?(?:\s?/\s?\d{1,4}[A-Za-z]?)?\b",
    _I,
)
# words that show "2 men walked up the road" is not an address
_NOT_STREET_NAME = frozenset(
    """
    a an on in at near by of to and or from down up along across over under my our their his her
    your this that these those men man women woman people guys lads kids cars times days hours
    hr hrs min mins minutes sec secs mile km weeks years miles very more less few other same
    next each every into onto off out with without for is was were are be it its them they we
    you i all some many percent per plots arrests am pm people's questions things reasons ways
    steps cent yards metres meters feet seconds months pounds quid police officers houses
    streets roads doors floors storey hour minute year day week month had has have been went
    walked drove ran came live lives who which what then than just only
    """.split()
)
# an ordinary word before a street type that is itself an ordinary word ("5 mins walk")
_WORDY_TYPES = frozenset(
    """
    way walk view park end side bank green gate row rise hill path close place court square yard
    wood mount dale chase crossing approach lodge farm towers tower flats estate fields st dr pl
    ct cl av gr sq loan passage buildings precinct drv dri crt pde gro hwy pk wlk clo cresc
    """.split()
)


def _name_words_ok(words: List[str], street_type: str, numbered: bool) -> bool:
    if any(w.lower().rstrip(".") in _NOT_STREET_NAME for w in words):
        return False
    wordy = street_type.lower().rstrip(".") in _WORDY_TYPES
    if not numbered:  # no house number: only a capitalised street name counts
        return bool(words) and all(w[0].isupper() for w in words) and street_type[0].isupper()
    if wordy and not words:
        return False  # "12 way", "3 st" is not an address; "10 the crescent" is
    if wordy and not (words[-1][0].isupper() or street_type[0].isupper()):
        # lower case "22 church close": only with one or two words before it
        return len(words) <= 2 and words[-1].lower() != "the"
    return True


def _street_end(text: str, pos: int, numbered: bool) -> int:
    """End of the longest street name starting at ``pos`` ("St Anne's Way", "Heol y Llan"), or 0."""
    words: List[re.Match] = []
    for m in _STREET_WORD.finditer(text, pos):
        gap = text[(words[-1].end() if words else pos) : m.start()]
        if len(words) >= 5 or gap.strip() or (words and not gap):
            break
        words.append(m)
    texts = [w.group(0) for w in words]
    for k in range(len(words) - 1, -1, -1):
        if numbered and k == 1 and _STREET_TYPE.match(texts[k]) and texts[0].lower() == "the":
            return words[k].end()  # "10 the crescent"
        if _STREET_TYPE.match(texts[k]) and _name_words_ok(
            [t for t in texts[:k] if not (t.lower() in ("st", "st.") and t[0].isupper())], texts[k], numbered
        ):
            if not (k == 0 and texts[k].lower().rstrip(".") in ("st", "dr")) or k > 0:
                return words[k].end()
    if words and texts[0].lower() in _PREFIX_TYPES and len(words) > 1:
        end = 1
        while (
            end < len(words) and end < 4 and (texts[end].lower() in _WELSH_LINKS or texts[end][0].isupper())
        ):
            end += 1
        if end > 1 and texts[end - 1].lower() not in _WELSH_LINKS:
            return words[end - 1].end()
    return 0


# a house or block name next to an address: "Flat 9, Churchill House", "Rose Cottage, Mill Lane"
_BUILDING = re.compile(
    r"\b(?:[A-Z][a-z'\-]+\s){1,2}(?:Cottage|House|Farm|Lodge|Barn|Manor|Villa|Court|Mansions|"
    r"Towers?|Buildings|Hall|Mill|Heights|Point|Bungalow|Grange)\b"
)


def _buildings_next_to(text: str, spans: List[Span]) -> List[Span]:
    found: List[Span] = []
    for m in _BUILDING.finditer(text):
        before, after = text[max(0, m.start() - 2) : m.start()], text[m.end() : m.end() + 2]
        touches = any(0 <= m.start() - e <= 2 or 0 <= s - m.end() <= 2 for s, e, _ in spans)
        lead = _RESIDENCE_END.search(text, 0, m.start())
        comma = re.compile(r",?\s+").match(text, m.end())
        lead = lead or comma and _street_end(text, comma.end(), numbered=False)
        if touches and (before.strip() in ("", ",") or after.strip() in ("", ",")) or lead:
            found.append((m.start(), m.end(), "address"))
    return found


def _streets_after(text: str, spans: List[Span]) -> List[Span]:
    """'Rose Cottage, Mill Lane': a street named right after a house name or flat."""
    found: List[Span] = []
    for _, end, _ in spans:
        m = re.compile(r",?\s+").match(text, end)
        if m:
            street_end = _street_end(text, m.end(), numbered=False)
            if street_end:
                found.append((m.end(), street_end, "address"))
    return found


_RESIDENCE_END = re.compile(r"\b(?:lives?|living|stays?|staying|moved)\s+(?:at|in|to)\s+$", re.I)


# public buildings and streets everyone names: not a person's address
_PUBLIC_ADDRESSES = re.compile(r"^1[01] downing st(?:reet|\.)?$", _I)
_FAMOUS_STREETS = re.compile(
    r"(?:^|\s)(?:high|main|market|downing|oxford|regent|bond|baker|fleet|harley|carnaby|wall|lime|bold|new|"
    r"broad|corporation|queen|king|princes|sauchiehall|buchanan|coronation|whitehall|abbey|park|"
    r"brick|old kent|edgware|portobello|drury|kings|king's|shaftesbury|tottenham court|euston|"
    r"marylebone|holloway|kingsland|london|station|church|mill|school)\s+(?:street|st|road|rd|lane|"
    r"avenue|ave)\.?$",
    _I,
)
# "New Street station", "Edgware Road tube": a place everyone knows
_LANDMARK_AFTER = re.compile(r"\s+(?:station|tube|stop|hospital|church|mosque|school|market|bridge)\b", _I)
# "a van parked on Ashdown Road": a named street after a preposition, no house number
_ON_STREET = re.compile(r"\b(?:on|along|down|off|near|in|at|of|opposite|outside|up)\s+", _I)
_SAFE_TYPE = re.compile(r"(?:street|road|avenue|lane|crescent|close|drive|gardens|terrace|grove|mews)$", _I)


def address_spans(text: str) -> List[Span]:
    spans: List[Span] = []
    for pattern, numbered in ((_HOUSE_NO, True), (_RESIDENCE, False)):
        for m in pattern.finditer(text):
            end = _street_end(text, m.end(), numbered)
            if end and not _PUBLIC_ADDRESSES.match(text[m.start() : end]):
                spans.append((m.start() if numbered else m.end(), end, "address"))
    for m in _ON_STREET.finditer(text):
        end = _street_end(text, m.end(), numbered=False)
        street = text[m.end() : end]
        if (
            end
            and _SAFE_TYPE.search(street)
            and not _FAMOUS_STREETS.search(street)
            and not _LANDMARK_AFTER.match(text, end)
        ):
            spans.append((m.end(), end, "address"))
    for m in _FLAT.finditer(text):
        spans.append((m.start(), m.end(), "address"))
    spans.extend(_buildings_next_to(text, spans))
    spans.extend(_streets_after(text, spans))
    for m in _POSTCODE.finditer(text):
        spans.append((m.start(), m.end(), "postcode"))
    for m in _OUTWARD.finditer(text):
        spans.append((m.start(1), m.end(1), "postcode"))
    return spans
