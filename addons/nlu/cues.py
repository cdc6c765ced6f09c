"""Word cues the routing table reads besides danger phrases: a figure asked for, a number to call asked for.

"What percent of Prevent cases go to other services?" shares nearly every word with the
question about how Prevent works, and the classifier follows the words; asking for a quantity
while naming a domain term is the stronger cue. "What number do I call?" asks for a quantity
word-for-word, but wants the hotline or 999, not a count: that cue is checked first.
"""

import re
from typing import Iterable, Optional

_QUANTITY = re.compile(
    r"\b(how many|hw many|how mny|hw mny|how much|how often|what (percent(age)?|per ?cent|proportion|share|fraction|number)|"
    r"(number|percentage|proportion|breakdown|split) of|statistics?|stats|figures?|numbers|breakdown|"
    r"per (year|yr|annum)|(each|every) (year|yr)|total|a lot of)\b|%",
    re.IGNORECASE,
)
_YEAR_TERMS = frozenset({"year_2024", "year_2025"})  # years the figures file has figures for

# "what number do I ring", "which is the number for the hotline", "what's the hotline number"
_WHICH_NUMBER = re.compile(
    r"\b(what|which)(\s+is|'s|s)?(\s+(the|a|your))?(\s+[\w-]+){0,2}?\s+(phone\s+)?numbers?\b(?!\s+of\b)",
    re.IGNORECASE,
)
# "a number to call", "number I should ring", "the hotline number", "a phone number"
_NUMBER_TO_CALL = re.compile(
    r"\bnumbers?\s+(to|i|you|we|do|should|can|could|for\s+(the\s+)?([\w-]+\s+){0,2}?"
    r"(hotline|helpline|police|reporting|emergenc|samaritans))"
    r"|\b(phone|telephone|hotline|helpline|contact|emergency|samaritans'?)\s+numbers?\b(?!\s+of\b)"
    r"|\b0800 ?789 ?321\b",
    re.IGNORECASE,
)
_CONTACT_WORD = re.compile(
    r"\b(call|ring|dial|phone|telephone|contact|text|reach|report\w*|tell|hotline|helpline|emergenc(y|ies)|999|"
    r"samaritans|0800 ?789 ?321|anti[- ]?terror\w*)\b",
    re.IGNORECASE,
)
_COUNTING = re.compile(
    r"\b(how (many|much|often)|per (year|month|day)|each year|a year|last year|since)\b", re.IGNORECASE
)
# "it's not an emergency": the hotline, not 999
_NOT_AN_EMERGENCY = re.compile(
    r"\b(not|isn'?t|isnt|no|non)( really| like| exactly)?[- ]?(an? )?(emergency|urgent)\b|\bnon[- ]emergency\b",
    re.IGNORECASE,
)
_EMERGENCY_WORDING = re.compile(
    r"\b(emergenc(y|ies)|urgent(ly)?|in danger|right now|immediately|999)\b", re.IGNORECASE
)


# "what about people in prison", "ok and in 2025?", "how about far right": a follow-up that changes
# the figure's topic, not a new question ("and whats channel" asks what Channel is).
_FOLLOW_UP = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|so|right|then|hmm+)\W+)*(?:what about|how about|what of|and)\b"
    r"(?!\s+(?:what|whats|what's|who|why|where|when|how do|how does|is|are)\b)",
    re.IGNORECASE,
)
# Wanting to tell the police something: a report, not a personal crisis ("i want to mke a reprot",
# "who do i talk to if i'm worried about someone", "pass on some information").
# "should i say something", "am i wasting police time", "i think i know something important": unsure
# whether to tell, so wanting to
_UNSURE_WHETHER_TO_TELL = (
    r"\bshould i (say|do) (something|anything)\b|\bwast(e|ing) (police|your|their|the police'?s?) time\b"
    r"|\bi (think i |might |may )?know something (important|serious|big|that could matter)\b"
)
_TELLING = re.compile(
    r"\b(report\w*|reprot\w*|repot\w*|raport\w*|pass(ing)? (on|along)|information|info|tip[- ]?off|"
    r"get in touch|tell (the police|someone|somebody|anyone|you|them|the authorities))\b"
    r"|\bwho (do|should|can|could|would) i (tell|talk to|speak to|contact|go to)\b.*\babout (someone|somebody|something|a|an|my|him|her|them|this|that)\b"
    r"|\banonymous(ly)?\b|" + _UNSURE_WHETHER_TO_TELL,
    re.IGNORECASE,
)


FOLLOW_UP_MAX_WORDS = 6  # "what about neo nazis, do you deal with them" is a new question, not a follow-up


# Terrorist material seen or shared online: a video, a post, a guide, on a site or going round.
_MATERIAL = re.compile(
    r"\b(videos?|vids?|livestreams?|live ?streams?|footage|clips?|pdfs?|posts?|memes?|guides?|manuals?|"
    r"instructions|content|material|propaganda|manifesto|links?)\b",
    re.IGNORECASE,
)
# "keeps posting terrorist stuff": material named by what it is, not by its format
_MATERIAL_BY_KIND = re.compile(
    r"\b(terror\w*|extremist|isis|nazi|jihad\w*|far[- ]right|beheading|execution)\s+"
    r"(stuff|things|crap|shit|rubbish|messages|pics|pictures|images|photos|symbols|flags|songs|music)\b",
    re.IGNORECASE,
)
# "a group sharing how to make explosives": material named by what it teaches (not "show me how to")
_MATERIAL_BY_TEACHING = re.compile(
    r"\b(shar(e|es|ed|ing)|post(s|ed|ing)|upload(s|ed|ing)|teach(es|ing)|explain(s|ed|ing)|show(s|ed|ing))\s+"
    r"(people\s+|others\s+|everyone\s+|users\s+|kids\s+)?how\s+to\b",
    re.IGNORECASE,
)
_ONLINE = re.compile(
    r"\b(online|internet|web ?sites?|sites?|forums?|threads?|channels?|group ?chats?|servers?|discord|telegram|"
    r"whatsapp|tiktok|youtube|twitter|facebook|insta(gram)?|snapchat|reddit|social media|feed|page|accounts?|"
    r"platforms?|apps?|games? servers?)\b"
    r"|\b(shar(e|es|ed|ing)|post(s|ed|ing)|going (round|around)|re-?shared|re-?posted|uploaded|circulating)\b"
    r"|\b(screen ?shot\w*|screen ?grab\w*|(sent|sending|sends|send|forwarded|forwarding|dm'?d|messaged) (me|us|to me)|(got|been|was|were) sent|comment(s|ed)?)\b",
    re.IGNORECASE,
)
# Asked of the assistant for the writer: the words two cues below share
_FOR_ME = r"teach me|help me|give me|send me"
# Asking for it, not telling about it: "how do i find", "tell me how", "send me".
_REQUEST = re.compile(
    r"\b(how (do|can|could|would|should) (i|we)(?! (report|flag|tell|get (it|this|them|that) (taken|removed|down)|"
    rf"delete|remove|block|stop))|tell me how|show me how|{_FOR_ME}|"
    r"where can i (get|find|buy|download|watch)|i (want to|wanna|would like to) (join|get into|buy|download))\b",
    re.IGNORECASE,
)


def describes_online_material(text: Optional[str]) -> bool:
    """Material seen or shared online ("a video of an attack going round"), not a request for it."""
    text = text or ""
    named = _MATERIAL.search(text) or _MATERIAL_BY_KIND.search(text) or _MATERIAL_BY_TEACHING.search(text)
    return bool(named and _ONLINE.search(text)) and not _REQUEST.search(text)


def follows_up_on_a_figure(text: Optional[str], terms: Iterable[str]) -> bool:
    """A short follow-up ("what about X", "and X?") naming a domain term: the next figure asked for."""
    text = text or ""
    short = len(text.split()) <= FOLLOW_UP_MAX_WORDS
    return short and bool(_FOLLOW_UP.search(text)) and any(True for _ in terms)


_HOW_TO_REPORT = re.compile(
    r"\b(where|how)\s+(do|can|could|should|would)\s+i\s+(go to\s+|go about\s+)?(report|make a report|tell|contact)\b"
    r"|\bwho (do|should|can) i (report|tell)\b"
    r"|\b(is it (ok|okay|alright|worth)|should i( still)?) (to )?report"  # "should i still report it"
    r"|\breport\w*\b.{0,20}\banonymous\w*|" + _UNSURE_WHETHER_TO_TELL,
    re.IGNORECASE,
)


def asks_how_to_report(text: Optional[str]) -> bool:
    """Where or how to report ("where do i report terrorism"), not what happens to a report."""
    return bool(_HOW_TO_REPORT.search(text or ""))


# "should i send the link to my friends so they report it too": whether to pass material on (the
# online-content reply says not to share it)
_SHARE_QUESTION = re.compile(
    r"\b(should|shall|can|could|do) (i|we) "
    r"(send|share|forward|repost|re-?post|post|pass on|pass round|show)\s+"
    r"(it|this|that|them|these|those|(the|this|that|these|those) ([\w-]+ )?"
    r"(links?|videos?|vids?|clips?|posts?|screen ?shots?|pages?|stuff|pics?|pictures?|photos?|images?|memes?|"
    r"messages?))\b",
    re.IGNORECASE,
)


def asks_whether_to_share(text: Optional[str]) -> bool:
    """Whether to pass material on ("should i share the video so people know"): the answer is not to.
    "Should i show it to his mum" names no material: not this."""
    text = text or ""
    return bool(_SHARE_QUESTION.search(text) and (_MATERIAL.search(text) or _ONLINE.search(text)))


# "how do i report then", "where can i report it": how to report, with nothing named but a pronoun
_REPORT_IT = re.compile(
    r"\b(report|make a report|tell|contact)((\s+|\W+)(it|this|that|them|him|her|someone|somebody|something|"
    r"anything|then|now|please|pls|plz|here|online|to you|to someone|the police|to the police|ok|okay))*\W*$",
    re.IGNORECASE,
)


def asks_how_to_report_it(text: Optional[str]) -> bool:
    """How to report, naming nothing ("ok how do i report then"): a report, not another crime."""
    return asks_how_to_report(text) and bool(_REPORT_IT.search(text or ""))


# "ok how do i refer him then", "how can i refer my son": the Prevent reply says how (gov.uk/ACT, the hotline)
_HOW_TO_REFER = re.compile(
    r"\bhow (do|can|could|would|should) (i|we|you) (actually |even |go about |then )?(refer|referring)"
    r"(\s+(him|her|them|someone|somebody|my \w+|a \w+|then|now|please|pls))*\W*$",
    re.IGNORECASE,
)


def asks_how_to_refer(text: Optional[str]) -> bool:
    """How to refer someone, naming nothing else ("ok how do i refer him then")."""
    return bool(_HOW_TO_REFER.search(text or ""))


# Which way to report, or a fear of reporting: "can i report it on the phone instead", "is there a way to
# report without calling", "nervous about reporting", "who do i pass this to"
_WAYS_TO_REPORT = re.compile(
    r"\breport\w*( it| this| them| something)? (on|by|over|down) the (phone|internet|website|web)\b"
    r"|\breport\w*( it| this| them| something)? (by phone|online(?! (stuff|content|material|posts?|videos?|things))|"
    r"without (calling|phoning|ringing|a call))\b"
    r"|\b(a|another|any|other) ways? to report\b"
    r"|\b(nervous|scared|worried|afraid|anxious|frightened) (about|of) reporting\b"
    r"|\bwho (do|should|can|could) i (pass|give|send|hand) (this|it|that|the info\w*)( on| over)? to\b",
    re.IGNORECASE,
)


def asks_about_ways_to_report(text: Optional[str]) -> bool:
    """Which way to report (by phone, online, without calling), or a fear of reporting."""
    return bool(_WAYS_TO_REPORT.search(text or ""))


def wants_to_tell_someone(text: Optional[str]) -> bool:
    """Wants to report or pass on information, or asks whom to tell about someone."""
    return bool(_TELLING.search(text or ""))


def asks_for_a_figure(text: Optional[str], terms: Iterable[str]) -> bool:
    """A quantity asked for ("how many", "what percentage") about a domain term ("arrests"),
    or a year the figures cover with another term ("ctiru referrals 2024")."""
    terms = frozenset(terms)
    year_and_topic = bool(terms & _YEAR_TERMS) and bool(terms - _YEAR_TERMS)
    return (bool(_QUANTITY.search(text or "")) and bool(terms)) or year_and_topic


_PERIOD_WORDS = re.compile(
    r"\b(a year|per year|each year|every year|last year|this year|since 20\d\d)\b", re.IGNORECASE
)


def asks_about_a_period(text: Optional[str], terms: Iterable[str]) -> bool:
    """A year the figures cover, or a yearly count ("in 2024", "each year"): about the past, not a concern."""
    return bool(frozenset(terms) & _YEAR_TERMS) or bool(_PERIOD_WORDS.search(text or ""))


# "whats the number then", "what's the number again": the number to call, asked bare (a count names what it counts)
_BARE_NUMBER = re.compile(
    r"^\W*((ok|okay|so|and|sorry)\W+)?(what'?s|whats|wats|what is|what was)\s+(the|that|your)\s+(phone\s+)?number"
    r"(\s+(then|again|to call|to ring|please|pls|plz))*\W*$",
    re.IGNORECASE,
)


def asks_for_a_number_to_call(text: Optional[str]) -> bool:
    """Which telephone number to use ("what number do I call"), not how many of something."""
    text = text or ""
    asks = _WHICH_NUMBER.search(text) or _NUMBER_TO_CALL.search(text)
    return bool(asks and _CONTACT_WORD.search(text) and not _COUNTING.search(text)) or bool(
        _BARE_NUMBER.search(text)
    )


_SAMARITANS = re.compile(r"\bsamaritans\b", re.IGNORECASE)


def asks_for_samaritans(text: Optional[str]) -> bool:
    """The Samaritans' number asked for: the crisis reply gives it (116 123), not the hotline."""
    return asks_for_a_number_to_call(text) and bool(_SAMARITANS.search(text or ""))


def mentions_an_emergency(text: Optional[str]) -> bool:
    """Emergency wording ("in an emergency", "urgent", "right now"): 999 comes first."""
    return bool(_EMERGENCY_WORDING.search(_NOT_AN_EMERGENCY.sub(" ", text or "")))


# A worry about a person ("my son watches isis videos") is about radicalisation, not only the material.
_A_PERSON = re.compile(
    r"\b(my|our|a|his|her|their)\s+(son|daughter|kid|kids|child|children|brother|sister|friend|mate|cousin|"
    r"nephew|niece|partner|husband|wife|boyfriend|girlfriend|student|pupil|colleague|neighbour|dad|mum|"
    r"uncle|aunt|grandson|granddaughter)s?\b|\b(he|she|him|her|someone|somebody)\b",
    re.IGNORECASE,
)
# Crimes that are not terrorism (101, or 999 in an emergency: danger words are read before this)...
_OTHER_CRIME = re.compile(
    r"\b(counterfeit|fake (money|notes?|tenner|fiver|twenty|£\w+)|pretend\w* to be (his|her|my|their|the|a) bank|phishing|"
    r"drugs?|dealing|dealer|cannabis|weed|cocaine|burgl\w*|broken into|break[- ]in|stolen|stole|theft|"
    r"thie(f|ves)|shoplift\w*|robbed|mugged|vandal\w*|graffiti|scam\w*|fraud\w*|noise complaints?|noisy|loud music|"
    r"shouting and banging|anti[- ]?social|hate crime|racis[tm]\w*|shouted at|spat at|abused|abuse|"
    r"harass\w*|stalk\w*|fly[- ]?tipping|speeding)\b",
    re.IGNORECASE,
)
# ...unless terrorism is in the words too ("dealing drugs to fund isis" stays a report).
_TERRORISM = re.compile(
    r"\b(terror\w*|extrem\w*|radical\w*|isis|islamic state|daesh|al[- ]?qa[ei]da|jihad\w*|nazi\w*|"
    r"far[- ]right|bombs?|explosi\w*|chemicals?|fertili[sz]er|weapons?|guns?|attack\w*|plot\w*|"
    r"manifesto|propaganda|suspicious|martyr\w*)\b",
    re.IGNORECASE,
)
# Offering to report in this chat: it is not a way to report ("can i just tell you the details here").
_DETAILS_HERE = re.compile(
    r"\b(can|could|may|shall|should) i (just |not |rather )?(tell|give|send|report|type|say|share|describe)"
    r"(\s+[\w'-]+){0,4}?\s+(to you|you|here|in here|in this chat|on here|through this)\b"
    r"|\b(can|could|will) (you|u) (take|pass on|pass along|log|record) (my|the|this|a) (report|details|info\w*)\b"
    # "can you pass this on to the police for me": the chat asked to carry it
    r"|\b(can|could|will|would) (you|u) (please |pls )?(pass|forward|send|report|give) "
    r"(this|that|it|my (report|info\w*|message|details))( on| along)? (to (?!me\b)|for )",
    re.IGNORECASE,
)


_QUESTION = re.compile(
    r"^\W*(what|whats|what's|how|who|whos|why|when|where|which|does|do|is|are|can|could|should|would|will)\b"
    r"|\?\s*$",
    re.IGNORECASE,
)


def is_a_question(text: Optional[str]) -> bool:
    """Asks something ("how does CTIRU take videos down?"), rather than telling something."""
    return bool(_QUESTION.search(text or ""))


def mentions_a_person(text: Optional[str]) -> bool:
    """A person the message is about ("my son", "he"), not only something seen."""
    return bool(_A_PERSON.search(text or ""))


# "not terrorism related but ...": the word is there to say it is not
_NOT_TERRORISM = re.compile(
    r"\b(not|nothing to do with|unrelated to|isn'?t|isnt)\s+(about\s+|to do with\s+)?terror\w*(\s+related)?\b",
    re.IGNORECASE,
)


# "called me a terrorist and spat at me": the word is abuse hurled at someone, a hate crime
_CALLED_A_TERRORIST = re.compile(
    r"\bcall(s|ed|ing)? (me|us|him|her|them|my \w+) (a |an )?(terrorists?|bombers?|jihadis?|extremists?|isis)\b",
    re.IGNORECASE,
)


def describes_other_crime(text: Optional[str]) -> bool:
    """A crime that is not terrorism (drug dealing, a burglary, hate abuse), with no terrorism words."""
    text = _CALLED_A_TERRORIST.sub(" ", _NOT_TERRORISM.sub(" ", text or ""))
    return bool(_OTHER_CRIME.search(text)) and not _TERRORISM.search(text)


def names_a_crime(text: Optional[str]) -> bool:
    """Words of a crime other than terrorism ("drug dealer", "stolen"), terrorism words or not."""
    return bool(_OTHER_CRIME.search(text or ""))


def offers_details_here(text: Optional[str]) -> bool:
    """Wants to report in this chat ("can I just tell you here?"): it is not a way to report."""
    return bool(_DETAILS_HERE.search(text or ""))


# Signs of planning seen in the street: filming or watching entrances, security, guards, people going in.
# Talk of an attack (the two kinds below): "keeps saying", "was joking", "bragged"
_TALKS = r"talk(s|ing|ed)?|say(s|ing)?|said|jok(e|es|ed|ing)|brag(s|ged|ging)?"
_SIGNS_OF_PLANNING = re.compile(
    r"\b(filming|filmed|photographing|photographed|taking (photos|pictures|pics|videos?|notes)|videoing|recording|"
    r"sketching|drawing|measuring|watching|watched|counting|asking (staff |people )?about)\b.{0,50}"
    r"\b(entrances?|exits?|back doors?|security|guards?|cctv|cameras?|gates?|barriers?|bollards?|checkpoints?|"
    r"people (go|going|come|coming) in|shift changes?)\b"
    r"|\b(banned|proscribed|terrorist) (group|organisation|organization|org)'?s?\b"
    r"|\b(you'?ll|youll|you will|everyone will|they'?ll|theyll) (all )?(see|hear about|read about) (me|him|her|them|it) (on|in) the news\b"
    rf"|\b({_TALKS}|going on|banging on)\b.{{0,20}}\b(about|that)\b.{{0,30}}"
    r"\b(wanting to|want to|wants to|going to|gonna)\s+(kill|bomb|blow up|attack|shoot|stab)\b"
    # "saying weird stuff about attacking a church": a place of worship or a crowd as the target
    rf"|\b({_TALKS}|on|stuff|things)\b.{{0,20}}"
    r"\babout\s+(attacking|bombing|blowing up|shooting up|burning down|targeting|hitting)\s+"
    r"(a|an|the|our|their|that|this|some)\s+(local\s+|nearby\s+|big\s+)?"
    r"(church|mosque|synagogue|temple|gurdwara|mandir|school|college|concert|festival|gig|parade|march|"
    r"rally|protest|pride|stadium|crowd|shopping centre|mall|market|station|airport)\b",
    re.IGNORECASE,
)
# A worry about a person's ideas: wanting to go and fight, obsessed with attackers, drawn into extremism.
_BEING_DRAWN_IN = re.compile(
    r"\b(wants?|wanting|planning|plans|trying|talk(s|ing)? about|going|keeps? saying)\s+(to\s+)?(go (and |to )?)?"
    r"(join|fight (for|with)|travel to)\b.{0,20}\b(isis|islamic state|jihad|the taliban|al[- ]?qa[ei]da|mujahideen|"
    r"syria|the caliphate|terror\w* group)\b"
    # "going to join a group that fights abroad", "wants to go and fight overseas"
    r"|\b(join|joining|go (and |to )?fight (for|with))\b.{0,25}\b(group|gang|militia|fighters|cause)\b.{0,30}"
    r"\b(abroad|overseas|out there|in (syria|iraq|afghanistan|somalia|yemen))\b"
    r"|\b(wants?|wanting|planning|plans|going|gonna|talk(s|ing)? about)\s+(to\s+)?(go (and |to )?)?fight\s+"
    r"(abroad|overseas)\b"
    r"|\bobsess\w* (with|over|about) (\w+ ){0,2}(shooters?|attackers?|killers?|terrorists?|bombers?|massacres?|isis|hitler|nazis?)\b"
    r"|\b(drawn|sucked|pulled|getting|got|falling|fallen|gone|going) (in)?to (extremism|extremist|radical|the far[- ]right|"
    r"far[- ]right|bad ideas|dark ideas|hate|hateful|terror\w*)\b"
    r"|\b(going|gone|heading|headed|falling|fallen) down (a|the) (bad|dark|wrong) (path|road)\b"
    r"|\b(extremist|far[- ]right|conspiracy|incel|nazi|jihadi?) rabbit ?holes?\b"
    # praising attackers: "saying the bombers were heroes"
    r"|\b(saying|said|says|say|thinks?|calls?|called|calling|reckons?)\b.{0,30}"
    r"\b(bombers?|terrorists?|attackers?|shooters?|jihadis?)\b.{0,15}\b(heroes|heroic|a hero|martyrs?|legends?|did the right thing)\b"
    # an extremist talking point, again and again
    r"|\b(keeps?|kept|always|constantly|started|starting|obsessed)\b.{0,30}\b(about|on about)\b.{0,15}"
    r"\b(the great replacement|great replacement|race war|white genocide|accelerationism|the caliphate|holy war)\b"
    # extremist symbols worn or tattooed; fallen in with a crew that recruits; nothing but extremist books
    r"|\b(tattoo\w*|wears?|wearing|wore)\b.{0,30}\b(black sun|sonnenrad|skull masks?|totenkopf|swastikas?|"
    r"extremist symbols?|nazi symbols?|ss runes)\b"
    r"|\b(black sun|sonnenrad|swastika|extremist symbol|nazi symbol|ss runes?)\b.{0,20}\btattoo\w*"
    r"|\b(fallen|falling|fell|got) in with\b.{0,40}\b(recruit\w*|patrols?|extremis\w*|far[- ]right|nazi\w*|jihad\w*)"
    r"|\b(reads?|reading|watches|watching|listens? to|listening to) (nothing but |only )?(the same )?"
    r"(extremist|nazi|jihadi|far[- ]right) (books|videos|stuff|material|music|speeches)\b"
    # telling Prevent about someone
    r"|\b(tell|telling|told)\s+prevent\s+about\b"
    r"|\b(refer|referring|report|reporting)\s+(him|her|them|my\s+[\w'-]+|someone|somebody|a\s+[\w'-]+)\s+to\s+prevent\b"
    r"|\b(found|find|finding)\b.{0,30}\b(extremist|nazi|isis|jihadi|far[- ]right|terrorist)\b.{0,20}"
    r"\b(leaflets?|books?|flags?|stuff|material|notes|drawings)\b"
    r"|\b(how|where|can|should) (do |can |could )?(i|we) refer\b.{0,30}\bprevent\b",
    re.IGNORECASE,
)
# The writer being drawn in: "i think im being pulled in by a group", "i agree with what these groups say"
_DRAWN_IN_MYSELF = re.compile(
    r"\b(i'?m|im|i am|i'?ve|ive|i have|me)\s+(been\s+|being\s+|getting\s+|got\s+|gettin\s+)?"
    r"(drawn|pulled|sucked|dragged|lured|radicali[sz]ed)\b"
    r"|\bi\s+(kind of |kinda |sort of |actually |really )?(agree|agreed|am agreeing|start(ed)? to agree)\s+with\s+"
    r"(some of |a lot of |most of |loads of )?(the stuff |the things |what |things )?(these|those|this|that|the|some)\s+"
    r"(groups?|extremists?|lot|accounts?|people|channels?|guys?)\b"
    r"|\b(don'?t|dont|do not) want to (turn into|become|end up (as|like)) (one of (them|those)|a terrorist|an extremist|like them)\b",
    re.IGNORECASE,
)


def describes_signs_of_planning(text: Optional[str]) -> bool:
    """Signs of planning ("filming the back entrances", "a banned group's flag", "talks about wanting to bomb")."""
    return bool(_SIGNS_OF_PLANNING.search(text or ""))


# "how many are at risk of being drawn into terrorism": the page's words for whom Prevent is for, in a question
_AT_RISK_OF = re.compile(
    r"\b(at risk of|vulnerable to|risk of) (being )?(drawn|sucked|pulled) (in)?to [\w-]+", re.IGNORECASE
)


def describes_being_drawn_in(text: Optional[str]) -> bool:
    """Someone drawn into extremism ("wants to go and join isis", "obsessed with shooters")."""
    return bool(_BEING_DRAWN_IN.search(_AT_RISK_OF.sub(" ", text or "")))


def describes_being_drawn_in_myself(text: Optional[str]) -> bool:
    """The writer fears being drawn in ("i think im being pulled in by a group online")."""
    return bool(_DRAWN_IN_MYSELF.search(text or ""))


# Someone else asking for, researching or making the means of harm: told of, not asked for.
# "a customer kept asking how much fertiliser makes a bang", "my flatmate has been researching poisons"
_SOMEONE_ELSE = (
    r"(he|she|they|someone|somebody|some ?one|(a |the |this |that |one )?(bloke|guy|lad|chap|fella|customer|punter)|"
    r"a (man|woman|bloke|guy|lad|girl|boy|customer|client|guest|tenant|student|chap|fella|fellow|member|lodger|"
    r"passenger|renter|punter)|(the|this|that|one) (man|woman|bloke|guy|lad|customer|client|guest|tenant|student|"
    r"chap|fella|lodger|passenger|renter|punter)|(my|our|his|her|their) [\w'-]+( [\w'-]+)?)"
)
_SOMEONE_ELSE_SEEKS_HARM = re.compile(
    rf"\b{_SOMEONE_ELSE}(\s+[\w'-]+){{0,3}}?\s+((has|have|had|is|was|were|keeps?|kept|'s|been|has been|just|always|then)\s+){{0,2}}"
    r"(research\w*|ask(ed|ing|s)?|tried|trying|tries|bought|buying|buys|making|makes|made|build(s|ing)?|built|"
    r"stockpil\w*|look(ed|ing|s)? up|googl\w*|search(ed|ing|es)?|order(ed|ing|s)?|want(ed|s)? to (buy|know|get))\b",
    re.IGNORECASE,
)
# A first-person request, which the words of someone else in it do not excuse ("how do i make what he made")
_ASKS_FOR_ME = re.compile(
    rf"\b(how (do|can|could|would|should) (i|we|you|u|one)|tell me|show me|{_FOR_ME}|"
    r"can (you|u) (tell|give|show|explain|list)|i (want|need|wanna) to (make|build|buy|get)|"
    r"what (would|should|does|do|did) (he|she|they|i|you|someone) (actually |really )?(need|buy|use|get)|"
    # fiction, a game or a project: the writer asks for the method for themselves
    r"my (character|story|novel|book|script|film|game|project)|(realistic|accurate|step by step))\b",
    re.IGNORECASE,
)


# A request or a test put as an order: "write me ...", "list the steps", "best time to ...", "hypothetically ..."
_ORDER = re.compile(
    r"^\W*(write|give|list|draft|make|create|pretend|explain|send|show|tell|best|rank|hypothetically|just curious)\b",
    re.IGNORECASE,
)


def asks_nothing(text: Optional[str]) -> bool:
    """Tells, asks nothing: no question, no order, no request for the writer ("one user keeps searching
    how to make detonators on his work laptop")."""
    text = text or ""
    return not (is_a_question(text) or _ORDER.search(text) or _ASKS_FOR_ME.search(text))


def tells_of_someone_seeking_harm(text: Optional[str]) -> bool:
    """Someone else sought or made the means of harm; the writer asks for nothing of the kind."""
    text = text or ""
    return bool(_SOMEONE_ELSE_SEEKS_HARM.search(text)) and not _ASKS_FOR_ME.search(text)


# Material in the street, not online: posters in a window, stickers on lampposts, leaflets, a logo sprayed on a wall
_MATERIAL_IN_THE_STREET = re.compile(
    r"\b(posters?|flags?|stickers?|leaflets?|flyers?|banners?|graffiti|sprayed|spray ?painted|daubed|painted|"
    r"printed|print shop|noticeboard|notice board|lampposts?|bus stops?|in (his|her|their|the) window|on the wall)\b",
    re.IGNORECASE,
)


def describes_material_in_the_street(text: Optional[str]) -> bool:
    """Posters, flags, leaflets or graffiti seen in person: a report, not online content."""
    return bool(_MATERIAL_IN_THE_STREET.search(text or "")) and not online_words(text)


# After a refusal, an excuse: "its for a novel", "jk im just curious", "relax, i need it for work"
_EXCUSE = re.compile(
    r"\b(for (a|an|my|our) (novel|book|story|game|game mod|mod|film|script|play|school project|project|assignment|"
    r"essay|dissertation|research|youtube video|video|drama)|(just|only) (curious|asking|joking|a joke|research)|"
    r"jk|joking|kidding|hypothetical(ly)?|satire|role ?play|(i'?m|im|i am) legit|(need|needed) (it|to know) for (work|my job))\b",
    re.IGNORECASE,
)
EXCUSE_MAX_WORDS = 10  # an excuse on its own; a longer message says something else too


def offers_an_excuse(text: Optional[str]) -> bool:
    """A short excuse for asking ("its for a novel im writing"), with nothing else in it."""
    text = text or ""
    return len(text.split()) <= EXCUSE_MAX_WORDS and bool(_EXCUSE.search(text))


def online_words(text: Optional[str]) -> bool:
    return bool(_ONLINE.search(text or ""))
