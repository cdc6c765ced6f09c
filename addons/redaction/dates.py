"""Dates of birth: the date after "date of birth", "DOB", "born (on|in)", "birthday" (kind "dob")."""

from __future__ import annotations

import re
from typing import List, Tuple

Span = Tuple[int, int, str]

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORD = r"(?:st|nd|rd|th)?"
_DATE = (
    rf"(?:\d{{4}}[\-/.]\d{{1,2}}[\-/.]\d{{1,2}}"  # 1980-02-01
    rf"|\d{{1,2}}\s?[\-/.]\s?\d{{1,2}}\s?[\-/.]\s?\d{{2,4}}"  # 1.2.80, 01/02/1980
    rf"|(?:the\s+)?\d{{1,2}}{_ORD}(?:\s+of)?[\s\-/.]*{_MONTH}(?:,?[\s\-/.]*(?:\d{{4}}|'?\d{{2}}))?"
    rf"|{_MONTH}\s+(?:the\s+)?\d{{1,2}}{_ORD}(?:,?\s*(?:\d{{4}}|'?\d{{2}}))?"  # March 3rd, 1985
    rf"|{_MONTH},?\s+\d{{4}}"  # March 1985
    rf"|\d{{8}}|\d{{6}}"  # 01021980, 010280
    rf"|(?:19|20)\d\d"  # born in 1985
    rf"|(?<=born in )'?\d\d(?!\s*(?:days?|weeks?|months?|mins?|minutes?|hours?|years?)\b))"  # born in 89
)
_DOB = re.compile(
    r"\b(?:d\.?\s?o\.?\s?b\.?|d/o/b|date\s+of\s+birth|birth\s*date|birthdate|born(?:\s+on|\s+in)?|"
    r"b'?\.?day|birthday|bday)"
    r"(?:\s+(?:is|was|:|=|-))?[\s:=\-]*"
    rf"({_DATE})(?![\d/])",
    re.IGNORECASE,
)


def dob_spans(text: str) -> List[Span]:
    return [(m.start(1), m.end(1), "dob") for m in _DOB.finditer(text)]
