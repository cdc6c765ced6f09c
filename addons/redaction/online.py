"""E-mail addresses, social media handles, profile URLs and IP addresses: (start, end, kind)."""

from __future__ import annotations

import ipaddress
import re
from typing import List, Tuple

Span = Tuple[int, int, str]
_I = re.IGNORECASE

# --- e-mail ------------------------------------------------------------------ #
# letters in any script: "zoë.wiśniewska@gmail.com", "jo@bücher.de"
_LOCAL = r"[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*"
_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"
# "jo.bloggs@example.co.uk", "j.smith @ gmail . com"
_EMAIL = re.compile(rf"(?<![\w.+-]){_LOCAL}(?: @ |@){_LABEL}(?: ?\. ?{_LABEL}){{1,6}}")
_MAIL_HOST_NAMES = (
    r"gmail|googlemail|hotmail|outlook|yahoo|icloud|aol|btinternet|protonmail|"
    r"proton|live|ymail|msn|gmx"
)
# loose forms: "jo.bloggs@ gmail.com", "jo . bloggs @ gmail dot com", "jo@gmail,com",
# "jo.bloggs 'at' gmail.com", "jo.bloggs at gmail": checked by _loose_email_ok
_LOCAL_SEP = r"(?:\s?\.\s?|\s+dot\s+|\s*[\(\[{<]\s*dot\s*[\)\]}>]\s*)"
_DOMAIN_SEP = r"(?:\s?[.,]\s?|\s+dot\s+|\s*[\(\[{<]\s*dot\s*[\)\]}>]\s*)"
_AT_LOOSE = r"(\s?@\s?|\s*[\(\[{<'\"]\s*(?:at|a|@)\s*[\)\]}>'\"]\s*|\s+at\s+)"
_EMAIL_LOOSE = re.compile(
    rf"(?<![\w.+'-])([^\W_][\w+-]*(?:{_LOCAL_SEP}[\w+-]+){{0,4}}){_AT_LOOSE}"
    rf"({_LABEL}(?:{_DOMAIN_SEP}{_LABEL}){{0,4}})\b",
    re.IGNORECASE,
)
# "jo.bloggs@gmail": a known mail host without its ending
_EMAIL_NO_TLD = re.compile(rf"(?<![\w.+-]){_LOCAL} ?@ ?(?:{_MAIL_HOST_NAMES})\b", _I)
_AT = r"(?:\s*[\(\[{<]\s*(?:at|a|@)\s*[\)\]}>]\s*|\s+at\s+|\s*\bat\b\s*(?=\S+\s*(?:\.|\bdot\b)))"
_DOT = r"(?:\s*[\(\[{<]\s*dot\s*[\)\]}>]\s*|\s+dot\s+|\.)"
_TLD = (
    r"(?:com|co|uk|org|net|gov|ac|io|me|info|biz|eu|scot|wales|london|nhs|police|sch|de|fr|"
    r"ie|pk|in|us|ca|au|tv|xyz|online|email|mail)"
)
# "jsmith at gmail.com", "jo dot bloggs at gmail dot com", "jsmith(a)gmail.com"
_EMAIL_SPELT = re.compile(
    rf"(?<![\w.+'-])([\w+-]+(?:(?:\.|\s+dot\s+|\s*[\(\[{{<]\s*dot\s*[\)\]}}>]\s*)[A-Za-z0-9_+-]+){{0,4}})"
    rf"{_AT}({_LABEL}(?:{_DOT}{_LABEL}){{0,3}}{_DOT}{_TLD})\b",
    _I,
)
_MAIL_HOSTS = frozenset(
    """
    gmail googlemail hotmail outlook live yahoo ymail icloud me aol btinternet sky virginmedia
    talktalk protonmail proton gmx msn mail mac tutanota yandex zoho ntlworld blueyonder tiscali
    """.split()
)
# "look at bbc.co.uk": the word before " at " is an ordinary word, the rest a web site
_NOT_LOCAL = frozenset(
    """
    look looking looked report reported it them him her me us this that online details info
    information more out posted found find see seen check visit go is was are advice help read
    available there here stuff things videos video site website page pages posts content
    something anything and or but up in on
    """.split()
)
# official and public-information sites: a link to them names nobody
_OFFICIAL = re.compile(
    r"(?:^|\.)(?:gov\.uk|police\.uk|nhs\.uk|parliament\.uk|mod\.uk|ctp\.uk|gov\.scot|gov\.wales|"
    r"europa\.eu|un\.org|bbc\.co\.uk|bbc\.com|theguardian\.com|independent\.co\.uk|"
    r"telegraph\.co\.uk|thetimes\.co\.uk|news\.sky\.com|itv\.com|channel4\.com|reuters\.com|"
    r"apnews\.com|wikipedia\.org|legislation\.gov\.uk|samaritans\.org|childline\.org\.uk|"
    r"nspcc\.org\.uk|ofcom\.org\.uk|iwf\.org\.uk|crimestoppers-uk\.org|educateagainsthate\.com)$",
    _I,
)


def _loose_email_ok(m: re.Match) -> bool:
    local, at, domain = m.group(1), m.group(2), m.group(3)
    labels = [x for x in re.split(r"\s*(?:[.,]|\bdot\b|[\(\[{<]\s*dot\s*[\)\]}>])\s*", domain, flags=_I) if x]
    last_local = re.split(r"[\s.]+", local.strip())[-1].lower()
    if last_local in _NOT_LOCAL or not labels:
        return False
    host, tld = labels[0].lower(), labels[-1].lower()
    if len(labels) == 1:
        return host in _MAIL_HOSTS
    if not re.fullmatch(_TLD, tld, _I):
        return False
    if "@" not in at and (
        _OFFICIAL.search(".".join(labels)) or re.search(r"\s[.,]|[.,]\s|,", domain + local)
    ):
        return False  # "report it at gov.uk", "we met at uni. com"
    return any(ch.isalpha() for ch in host)


def _spelt_email_ok(local: str, domain: str) -> bool:
    host = re.split(r"\s*(?:\.|\bdot\b|[\(\[{<])\s*", domain.strip(), flags=_I)[0].lower()
    if host in _MAIL_HOSTS:
        return True
    if local.lower() in _NOT_LOCAL or _OFFICIAL.search(
        re.sub(r"\s*(?:\bdot\b|\.)\s*", ".", domain, flags=_I)
    ):
        return False
    return True


# --- social media handles and profile URLs ---------------------------------- #
_PLATFORM_HOSTS = (
    r"(?:facebook|fb|instagram|instagr\.am|twitter|x|tiktok|t\.me|telegram\.me|telegram|"
    r"youtube|youtu\.be|snapchat|reddit|linkedin|discord|discord\.gg|twitch|threads|vk|gab|"
    r"parler|rumble|bitchute|truthsocial|onlyfans|pinterest|tumblr|medium|github|kik|gettr|"
    r"minds|odysee|substack|patreon|linktr\.ee|wa\.me|bsky|mastodon|truth)"
)
_PROFILE_URL = re.compile(
    rf"(?<![\w.-])(?:https?://)?(?:[a-z0-9-]+\.)*{_PLATFORM_HOSTS}(?:\.[a-z]{{2,6}}){{0,2}}"
    rf"\s?/\s?[^\s,;!?)\]]+",
    _I,
)
# any other URL with a path, unless official (gov.uk/ACT stays)
_URL = re.compile(r"(?<![\w@.-])(https?://|www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,12})(/[^\s,;!?)\]]*)?", _I)
_TLDS_FOR_BARE = re.compile(r"\.(?:com|net|org|io|me|co|uk|tv|gg|info|xyz|ru|online|site)$", _I)
_OFFICIAL_HANDLES = {"ctp_uk", "metpoliceuk", "ukhomeoffice", "mi5", "gchq", "nhsuk"}
# Reddit-style "u/name"
_REDDIT_USER = re.compile(r"(?<![\w/])u/[A-Za-z0-9_-]{3,20}\b")
_HANDLE = re.compile(r"(?<![\w@.])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)\b")
_PLATFORM_WORDS = (
    r"(?:instagram|insta|ig|snapchat|snap|sc|tiktok|tik tok|twitter|telegram|tg|discord|"
    r"facebook|fb|kik|reddit|youtube|yt|twitch|threads|steam|xbox|psn|playstation|gamertag|"
    r"whatsapp|signal|wickr|roblox|minecraft|fortnite)"
)
# "dave_j99 on insta": a handle-shaped word (digits, _ or .) before the platform
_HANDLE_BEFORE = re.compile(
    rf"(?<![\w@.])@?([A-Za-z][A-Za-z0-9_.]{{0,28}}[A-Za-z0-9_])\s+(?:on|from)\s+{_PLATFORM_WORDS}\b",
    _I,
)
_TOKEN = r"([A-Za-z0-9_][A-Za-z0-9_.#-]{1,30}[A-Za-z0-9_])"
# "his instagram is jsmith_88", "snap: dave.j", "username jsmith88", "on tiktok as @x"
_HANDLE_AFTER = re.compile(
    rf"\b(?:{_PLATFORM_WORDS}(?:\s+(?:handle|account|acc|username|user name|user|name|id|tag|page|"
    r"channel|channel name|profile|server|group))?"
    r"|handle|gamertag|screen name|user name|username|user id|account name|profile name|display name|"
    r"online name|alias)"
    r"(?:\s*(?:is|was|:|=|-|,|called|named|as|he's|hes|she's|shes|they're|theyre|i'm|im)\s*@?\s?"
    r"|\s*@\s?)" + _TOKEN + r"|\b(?:username|user name|gamertag|screen name|alias)\s+" + _TOKEN,
    _I,
)
_NOT_HANDLE = frozenset(
    """
    private public down gone deleted banned blocked full there here weird fake new old the his
    her my their your our about and but with where which that this account page group groups
    channel channels posts videos stories story live called named too also just now still all
    any some because for from into onto over under until when while what who how why does did
    has had have is was are were been being not very really messages message chats chat servers
    server links link lot lots stuff things people someone somebody
    """.split()
)


def _reads_as_verb(m: re.Match) -> bool:
    """'someone on twitter is posting', 'an account is glorifying': a verb, not a handle."""
    word = m.group(1) or m.group(2)
    if not word.isalpha() or not re.search(r"\s(?:is|was)\s", m.group(0), _I):
        return False
    return bool(re.search(r"(?:ing|ed|ly)$", word, _I)) or bool(
        re.search(
            r"\b(?:on|in|via|through)\s+\S+\s+(?:is|was)\b", m.string[max(0, m.start() - 4) : m.end()], _I
        )
    )


def _url_is_official(host: str) -> bool:
    return bool(_OFFICIAL.search(host.lower().rstrip(".")))


def online_spans(text: str) -> List[Span]:
    spans: List[Span] = []
    if "@" in text or "at" in text.lower() or "(a)" in text.lower():
        for pattern in (_EMAIL, _EMAIL_NO_TLD):
            for m in pattern.finditer(text):
                spans.append((m.start(), m.end(), "email"))
        for m in _EMAIL_SPELT.finditer(text):
            if _spelt_email_ok(m.group(1), m.group(2)):
                spans.append((m.start(), m.end(), "email"))
        for m in _EMAIL_LOOSE.finditer(text):
            if _loose_email_ok(m):
                spans.append((m.start(), m.end(), "email"))
    for m in _PROFILE_URL.finditer(text):
        spans.append((m.start(), m.end(), "url"))
    for m in _URL.finditer(text):
        scheme, host, path = m.group(1), m.group(2), m.group(3) or ""
        if _url_is_official(host) or len(path.strip("/")) < 2 or not (scheme or _TLDS_FOR_BARE.search(host)):
            continue
        spans.append((m.start(), m.end(), "url"))
    for m in _HANDLE_BEFORE.finditer(text):
        if re.search(r"[0-9_.]", m.group(1)) and m.group(1).lower() not in _OFFICIAL_HANDLES:
            spans.append((m.start(), m.end(1), "handle"))
    for m in _REDDIT_USER.finditer(text):
        spans.append((m.start(), m.end(), "handle"))
    for m in _HANDLE.finditer(text):
        if m.group(1).lower() not in _OFFICIAL_HANDLES:
            spans.append((m.start(), m.end(), "handle"))
    for m in _HANDLE_AFTER.finditer(text):
        group = 1 if m.group(1) else 2
        word = m.group(group)
        if word.lower() in _NOT_HANDLE or word.lower() in _OFFICIAL_HANDLES or _reads_as_verb(m):
            continue
        start = m.start(group)
        spans.append((start - (text[start - 1] == "@"), m.end(group), "handle"))
    spans.extend(ip_spans(text))
    return spans


# --- IP addresses ---------------------------------------------------------- #
_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.]*\d)")
_IPV6 = re.compile(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%\w+)?(?![\w:])")


def ip_spans(text: str) -> List[Span]:
    spans: List[Span] = []
    for pattern in (_IPV4, _IPV6):
        for m in pattern.finditer(text):
            try:
                ipaddress.ip_address(m.group(0).split("%")[0])
            except ValueError:
                continue
            spans.append((m.start(), m.end(), "ip"))
    return spans
