"""Danger, crisis and harm-request phrases, looked for in every message whatever the classifier says.

Routing someone in danger to 999 must not hang on one classifier guess. These patterns are
deliberately about the present and the near future ("there's a man with a knife", "he's going
to bomb it"), so that questions about figures or history mostly keep their own answer.
Which of them wins, and over what, is decided in one place: addons/nlu/routing.py.
"""

import re
from typing import Optional

from addons.nlu.cues import is_a_question

_WEAPON = (
    r"(guns?|handguns?|firearms?|rifles?|pistols?|revolvers?|shotguns?|knife|knives|machetes?|swords?|axes?|blades?|"
    r"bombs?|explosives?|grenades?|suicide vest|acid|molotovs?|petrol bombs?)"
)

_MATERIAL = (
    r"(making|videos?|footage|memes?|guides?|manuals?|instructions|tutorials?|propaganda|content|posts?)\b"
)

_THREAT = (
    r"\b(will|'ll|going|gonna|about|planning|plans?|threaten(ed|ing|s)?|wants?)\s+(to\s+)?"
    r"(kill|attack|bomb|blow (up|it up|them up|us up|the)|shoot|stab|murder|massacre|detonate|"
    r"set (it|this|that|them|something|the \w+) off)\b"
)

# a weapon shown, or seen here: "holding", "waving", "there's", "i can see"
_SHOWING = (
    r"carrying|holding|waving|swinging|wielding|brandishing|pulled|pulling|there'?s|there is|there are|theres|"
    r"i see|can see"
)
# someone has or shows a weapon
# (not "bomb making guides" or "gun videos": material about weapons is online content, not a weapon here)
_HAS_A_WEAPON = (
    rf"\b(has|have|had|got|carries|with|{_SHOWING}|saw|planted|left|found|spotted|noticed)\b"
    rf"(\s+[\w'-]+){{0,5}}?\s+{_WEAPON}\b(?!\s*-?\s*{_MATERIAL})"
)

_EMERGENCY = [
    _HAS_A_WEAPON,
    r"\bgunm[ae]n\b",
    r"\barmed (man|men|woman|person|people|gang|with)\b",
    r"\b(shooting|stabbing|explosion|blast|gunfire|gun ?shots?|shots fired|stabbed|been shot|blown up|acid attack)\b",
    # an attack going on now (not "how likely is an attack now": see _LIKELIHOOD)
    r"\battack(s|ing|ed)?\b.{0,25}\b(happening|going on|in progress|underway)\b",
    r"\b(being|been|getting|under) attack",
    r"\battacking (people|someone|us|me|them|everyone)\b",
    # an imminent threat
    _THREAT,
    # an item that could be a bomb
    r"\b(suspicious|abandoned|unattended|strange|odd|weird)\s+([\w-]+\s+)?"
    r"(bag|package|parcel|item|object|device|rucksack|backpack|suitcase|box|holdall)\b",
    r"\b(in danger|hostage|hostages|people (are )?(running|screaming)|run,? hide,? tell)\b",
    # says they carry one ("says hes got a device", "claims she has a bomb")
    r"\b(says?|said|saying|claims?|claimed|claiming|shouting|shouted)\b.{0,20}\b(got|has|have|carrying|wearing)\b"
    r".{0,12}\b(bombs?|device|explosives?|suicide vest)\b",
    # a device described, not named: wires, a timer, powder in the post, nails packed in
    r"\b(packed|filled|stuffed|full) with (nails|ball bearings|screws|bolts|shrapnel)\b",
    r"\b(device|package|parcel|box|bag|envelope|letter|item|object|thing|pipes?)\b.{0,80}"
    r"\b(wires?|wiring|timer|clock|ticking|beeping|hissing|powder|leaking)\b",
    r"\b(wires?|wiring|timer|ticking|beeping)\b.{0,30}\b(device|package|parcel|box|bag|rucksack|suitcase)\b",
    # fire or a substance used on people or a building now
    r"\b(set (fire|alight)|set on fire|on fire|fire ?bombed)\b",
    # something burning thrown ("chucked a petrol bomb at the mosque"); stones at windows are a crime for 101
    r"\b(threw|thrown|throwing|chucked|lobbed|hurled)\b.{0,20}\b(petrol bombs?|molotovs?|fire ?bombs?|fireworks?|acid|"
    r"something (burning|on fire|lit))\b",
    r"\b(spray(ed|ing)?|squirt(ed|ing)?|threw|thrown|throwing|chuck(ed|ing)|pour(ed|ing)?)\b.{0,30}"
    r"\b(at|on|over|into|in) (people|someone|somebody|us|them|him|her|me|the crowd|everyone|passengers)\b",
    r"\b(eyes|skin|face|throat)\b.{0,10}\b(burning|on fire)\b",
    # something poured round a building's doors: petrol before a fire
    r"\bpour(s|ed|ing)?\b.{0,60}\b(round|around|along|all over|outside|through|by)\b.{0,30}"
    r"\b(entrance|doors?|front|building|synagogue|mosque|church|gurdwara|temple|school|house|shop|letterbox)\b",
    r"\b(can'?t|cannot|struggling to) breathe\b|\bpeople (are )?(collapsing|choking|bleeding|lying on the (floor|ground))\b",
    r"\b(everyone|everybody|all of you|you all|we) (is |are )?(all )?(going to|gonna|will) die\b",
    # a vehicle driven at people
    r"\b(van|car|lorry|truck|vehicle)\b.{0,30}\b(on the pavement|into (people|the crowd|pedestrians)|mounted the (pavement|kerb))\b",
    # someone hurt now, said in a few words: "someones hurt", "he's bleeding", "my mate is unconscious"
    r"\b(some ?one|somebody|some1|he|she|they|we|people|a (man|woman|lad|girl|boy|kid|child|person)|my (?!feelings|pride|ego)\w+)"
    r"(('s|'re|s|\s+(is|are|just got))\s+(hurt|injured)|"
    r"(('s|'re|s|\s+(is|are|has been|have been|just|just got|been))?\s+(bleeding|unconscious|not breathing|collapsed)))\b",
    # a plea for help, or for the police or an ambulance to come ("please help us", "sos", "send help");
    # a bare "help" asks what the bot does
    r"^\W*((please|pls|plz)\s+)?(help|sos|helpp+)(\s+(me|us|please|pls|plz|now|quick|quickly|asap|help|sos))+\W*$",
    r"^\W*(sos|helpp+)\W*$|^\W*help\s*!+\W*$",
    r"(^\W*|\b(you|u|please|pls|plz|just|quick|quickly|now)\s+)send (help|an? ambulance|(the )?(armed )?(police|officers|cops)|some ?one|somebody)"
    r"(\s+(now|quick|quickly|asap|please|pls|here|round|over|immediately))*\W*$",
    r"\b(need|get|call|ring|phone|send)( me| us)? an? ambulance\b",
    r"\b(call|get|ring|phone) (the )?(police|cops)( for (me|us)| here| now| quick| asap| please| pls)+\W*$",
    r"\b(i'?m|im|i am|we're|we are) (now |still )?hiding\b",
]

_ATTACK_NOW = r"\battack(s|ing|ed)?\b.{0,25}\b(now|right now)\b"
_LIKELIHOOD = r"\b(how likely|likely|likelihood|chance|risk|threat level)\b"

_CRISIS = [
    r"\b(kill|hurt|harm|cut|end)\s+(myself|meself|my ?self)\b",
    r"\bsuicid",
    r"\bself[- ]?harm",
    r"\bend (it all|my life)\b",
    r"\btake my (own )?life\b",
    r"\b(wants? to|wanting to|wanna) die\b|\b(i'?m|im|i am) (going|gonna) to die\b",  # "we are all going to die" is a threat
    r"\bdon'?t want to (live|be alive|be here)( anymore)?\b",
    r"\bno point (in )?(living|being alive|going on)\b",
    r"\b(kill|hurt|harm)\s+(herself|himself|themselves|themself)\b",  # someone else's crisis: 999 first too
    r"\b(dark|suicidal) thoughts\b",
    # said without the words: on a ledge, a goodbye, nothing left
    r"\b(standing|stood|sitting|sat|up) on (the |a |top of (the |a )?)?(edge|ledge|bridge|roof|rooftop|cliff|railway|train tracks|tracks)\b",
    r"\b(nothing|no reason|nobody|no one|noone) (left )?to live for\b",
    r"\bbetter off without me\b",
    r"\bwhat'?s the point (in|of) (anything|living|life|going on|it all|being here)\b|\bwhats the point (in|of) (anything|living|life)\b",
    r"\b(my life|everything|my whole life) (is|has) (falling|fallen|gone|going) (apart|to pieces)\b",
    r"\b(can'?t|cannot|cant) (go on|cope|carry on|do this|take (it|this))( any ?more)?\b",
    r"\bnot coping\b",
    r"\b(can|could|will|would) (someone|somebody|anyone|any1|some1) (just |please )?talk to me\b",
    r"\b(i'?ve|ive|i have) (got )?nothing left\b|\bnothing left (for me|to lose|to live for)\b|"
    r"\b(lost|losing) (everything|the farm|my job|my home|my house|the wife|my wife|my husband|my kids)\b.{0,40}\bnothing left\b",
    # fear and guilt after an attack or a report, too much to bear
    r"\bflashbacks?\b|\b(so|really|very|too|that) anxious\b|\bfeel(ing)? sick (all day|about it|with (it|worry|guilt)|every day)\b",
    r"\b(said|saying|says|texted|messaged|sent( me)?|left) (me )?(a )?(goodbye|good bye|bye forever|his goodbyes|her goodbyes|a note)\b"
    r".{0,40}\b(not|isn'?t|won'?t|can'?t|no) (picking up|answering|replying|reply)",
    r"\bneed (someone|somebody|anyone|some1) to talk to\b(?!\s+about)",
    # fear and grief after an attack, too much to bear
    r"\bpanic attacks?\b|\b(haven'?t|havent|have not|not) (left|been out of) (the|my) (house|flat|room)\b",
    r"\b(today|everything|life)( is|'s| has been| feels) (really |so |very |just )?(hard|too much|unbearable)\b",
    r"\b(i'?m|im|i am) falling apart\b|\b(want|wanna|going) to disappear\b|"
    r"\b(don'?t|dont|do not) know how to (carry on|go on|keep going)\b",
    # pills: taken, or shown ("sent me a photo of a load of pills")
    r"\b(taken|took|taking|take|had|done|do|going to|gonna|wants? to) an? overdose\b|\boverdos(ed|ing)\b|\b(taken|took|swallowed|photo of|pic of|picture of)\b.{0,20}\b(pills|tablets|paracetamol)\b",
    r"\bplanned how (she|he|they|i)('?d| would| will| is going to| are going to) do it\b",
    # said without the words: thinking of ending things, feeling worthless, parked by a cliff
    r"\b(think|thinking|thought|thoughts) (about|of) end(ing)? (it|things|everything|my life)\b",
    r"\b(feel|feeling|i'?m|im|i am)(\s+(so|completely|totally|just|really|utterly))*\s+(worthless|hopeless)\b",
    r"\b(sitting|sat|standing|stood|parked|waiting)\b.{0,20}\b(by|at|near|on) (the |a )?(cliff|cliffs|cliff edge|ledge)\b",
    r"\b(lethal|fatal|deadly) (dose|amount) of (paracetamol|pills|tablets|my (meds|medication|pills|tablets))\b",
    # fear said alone ("im so scared"): 999 if in danger, and Samaritans, not "Goodbye"
    r"^\W*(i'?m|im|i am)\s+((so|really|very|too|proper|well)\s+)*(scared|terrified|frightened|petrified|panicking)\W*$",
    # a goodbye said as the last one: "nobody will miss me", "this is my last message"
    r"\b(nobody|no ?one|noone|no1)\s+(will|would|is going to|gonna|'?ll)\s+(even\s+)?(miss|notice|care)\b.{0,20}\b(me|i'?m gone|im gone)\b",
    r"\b(this is|this'?s|thats|that'?s)\s+my\s+(last|final)\s+(message|msg|text|post|goodbye)\b(?!\s+(about|on|re|for)\b)",
    r"\b(won'?t|wont|will not)\s+be\s+(alive|here much longer|around much longer|around by the morning)\b",
]

# What is made to do harm (a request for its recipe or parts is refused).
_HARM_MADE = (
    r"pipe ?bombs?|bombs?|explosives?|ieds?|detonators?|tatp|thermite|napalm|molotovs?|petrol bombs?|"
    r"ricin|poisons?|nerve agents?|suicide vests?"
)

# Asking for help to do harm: always refused, whatever the classifier thought.
_HARM = [
    rf"\b(make|making|build|building|buy|buying|get hold of|obtain|acquire|source|assemble)\b(\s+[\w'-]+){{0,3}}?\s+"
    rf"({_HARM_MADE}|guns?|firearms?|weapons?)\b",
    rf"\b({_HARM_MADE}|guns?)\b.{{0,20}}"
    rf"\b(step[- ]by[- ]step|recipes?)\b|\b(step[- ]by[- ]step|recipes?|ingredients)\b.{{0,20}}\b(for )?(a |an )?"
    rf"({_HARM_MADE})\b",
    # the best way, place or time to do it: "easiest way to derail a train", "best time to attack a festival"
    r"\b(easiest|best|quickest|simplest|cheapest|most effective|surest)\s+(way|ways|time|place|spot|day|method|target)s?\s+"
    r"(to|for)\s+(attack|bomb|derail|poison|hurt|kill|shoot|stab|blow up|crash into|run over|target|set fire to)\b",
    r"\bdrones?\b.{0,40}\b(over|into|above|onto) (a |the )?crowds?\b|\bdrones?\b.{0,30}\b(bombs?|explosives?|grenades?)\b",
    # not to be noticed by those who would stop it
    r"\b(stop|avoid|keep|dodge)\b.{0,40}\b(flagg(ing|ed)|flag(s)? (me|us)|notic(e|ing) (me|us)|(on|off) (their|the|your) radar)\b",
    r"\bso (that )?(i|we) (can|could) (avoid|dodge|get away with|not get caught)\b",
    # when or where the police are not, the weakest places, who reported me
    r"\b(fewest|least|fewer|no) (police|officers|cops|security|guards|patrols)\b|\bpatrol (times|routes|schedules?|rota)\b",
    r"\b(most|least) (vulnerable|exposed|unprotected|undefended) (crowded )?(places|targets|venues|spots|sites|buildings)\b",
    r"\b(find out|work out|know|find) who (reported|grassed on|grassed|told on|snitched on) (me|us)\b|\bdox+(ing|ed)?\b",
    r"\bplan\w* (my |a |some |the )?revenge\b",
    r"\b(tips|help|how) (to|do i|can i|me) (radicali[sz]e|recruit|groom|brainwash)\b|"
    r"\b(radicali[sz]e|recruit|brainwash) (my|a|his|her|some|the) [\w'-]+ (for|to|into)\b",
    r"\b(pretend|act|roleplay|role-play|role play)\s+(to be |as |like )?(you'?re |youre |you are )?(an? )?"
    r"(extremist|terrorist|jihadi|nazi)?\s*(recruiter|terrorist|extremist|bomber|jihadi)\b",
    # asked for by the writer ("how do i join isis"); "my son wants to join isis" is a worry about him
    r"\b(how (do|can|could|would|to)( i| we| you)?|i (want|wanna|would like|need|plan|am going|'?m going) to|"
    r"help me|can i|where (do|can|could) i|ways to)\s+(go and |go to )?"
    # Islamic State by its short name in capitals only ("how do i join is it free" is not this)
    r"join(ing)?\s+(isis|islamic state|(?-i:IS)\b|al[- ]?qa[ei]da|the taliban|a terror(ist)? (group|cell|organisation))",
    r"\b(avoid|evade|dodge|hide from|get past)\s+(the\s+)?(police|surveillance|mi5|counter terrorism|being watched)",
    r"\bwithout (getting caught|being caught|being traced|it being traced|anyone (knowing|finding out))\b",
    r"\b(cause|do) the most (damage|harm|casualties)\b",
    r"\bhow (can|do|could|would|should|to|might) (i |we |you |someone |somebody |one )?"
    r"(attack|hurt|kill|bomb|stab|shoot|poison|run over|blow up|murder)\b",
    r"\b(worst|weakest|least|no|poor) security\b",
    r"\bdeserve to be (attacked|killed|hurt|bombed)\b",
    # disguised: where, when and how to hurt the most people, or to get past security
    r"\b(most|maximum|max|biggest|highest|more) (casualties|deaths|damage|people (hurt|killed|dead)|body count)\b",
    r"\b(cctv|camera|security)\b.{0,20}\bblind ?spots?\b|\bblind ?spots?\b.{0,30}\b(cctv|cameras?)\b",
    r"\b(get|sneak|smuggle|take|bring|carry)\b.{0,30}\b(past|through|round|around) (the |airport )?"
    r"(security|scanners?|checks?|guards?|metal detectors?)\b",
    r"\bwithout (it |them |me )?(being|getting) (checked|searched|scanned|x-?rayed|detected)\b",
    r"\b(avoid|evade|dodge|escape|beat|stop)\b.{0,15}\b(being )?(tracked|traced|monitored|detected|watched)\b",
    r"\b(do not|don'?t|dont|doesn'?t|without|with no|have no|has no) (have )?(any )?(security|guards|cctv|protection)\b",
    r"\b(write|draft|make|create|help me (write|make))\b.{0,20}\b(speech|post|message|letter|video|poem|song|leaflet|tweet)\b"
    r".{0,40}\b(join|fight for|recruit|prais\w*|glorif\w*|threat\w*|kill|attack|martyr\w*|jihad|the cause)",
    r"\b(write|draft|help me (write|with))\b.{0,20}\b(threatening|hate|death threat|abusive)\w*\b",
    r"\b(what|which) (chemicals?|stuff|household (products?|stuff|chemicals)|things|ingredients)\b.{0,40}"
    r"\b(explode|explosion|blow up|bomb|toxic|poison\w*|gas|bang)\b",
    # not to be caught or flagged: "avoid being picked up by counter terrorism", "a post that wont get flagged"
    r"\b(avoid|evade|dodge|escape|not)\s+(being|getting)\s+(picked up|caught|arrested|spotted|noticed|flagged)\b"
    r".{0,30}\b(police|counter[- ]?terror\w*|ct|mi5|cops|feds|authorities|security)\b",
    r"\b(that|so (it|they|i|we))\s+(won'?t|wont|will not|doesn'?t|doesnt|does not)\s+(get|be)\s+(flagged|detected|picked up)\b",
    # where and when the police are: "what times do the patrols pass the synagogue", "where do they stand"
    r"\b(what times?|when|how often)\b.{0,30}\bpatrols?\b.{0,30}\b(pass|go past|drive past|come (past|round|by)|check)\b",
    r"\bwhere (do|does|are|will|would) (the )?(police|officers|cops|guards|security|armed police|they)\b.{0,15}"
    r"\b(stand|stood|stationed|positioned|posted|parked|placed)\b",
    # the deadliest way: "list the most effective attack methods", "the dose of ricin that kills"
    r"\b(most|more) (effective|deadly|lethal|dangerous|successful)\s+(attack|terror(ist)?|bombing|killing)\s*"
    r"(methods?|types?|ways?|weapons?|tactics?|targets?)\b",
    r"\b(dose|amount|how much)\b.{0,20}\b(ricin|cyanide|poisons?|nerve agents?|arsenic|sarin|novichok|anthrax)\b"
    r".{0,30}\b(kills?|lethal|fatal|die|dead)\b",
    # who reported someone: never told ("tell me the names of people who reported my brother")
    r"\b(tell|give|show|send) me\b.{0,20}\b(names?|identity|identities|details|who)\b.{0,30}\breported\b",
    # a person got rid of for good
    r"\bget rid of (him|her|them)\b.{0,10}\b(for good|permanently|forever)\b",
    # a joke or script made of the next attack
    r"\b(write|draft|make|create)\b.{0,30}\b(script|caption|meme|joke|rap|lyrics|sketch)\b.{0,40}"
    r"\b(next|upcoming|another) (attack|bombing|shooting|massacre)\b",
]

_EMERGENCY_RE = re.compile("|".join(f"(?:{p})" for p in _EMERGENCY), re.IGNORECASE)
_HAS_A_WEAPON_RE = re.compile(_HAS_A_WEAPON, re.IGNORECASE)
_OTHER_EMERGENCY_RE = re.compile(
    "|".join(f"(?:{p})" for p in _EMERGENCY if p is not _HAS_A_WEAPON), re.IGNORECASE
)
_CRISIS_RE = re.compile("|".join(f"(?:{p})" for p in _CRISIS), re.IGNORECASE)
_HARM_RE = re.compile("|".join(f"(?:{p})" for p in _HARM), re.IGNORECASE)
_ATTACK_NOW_RE = re.compile(_ATTACK_NOW, re.IGNORECASE)
_LIKELIHOOD_RE = re.compile(_LIKELIHOOD, re.IGNORECASE)


def says_crisis(text: Optional[str]) -> bool:
    """Someone says they may hurt or kill themselves."""
    return bool(text and _CRISIS_RE.search(text))


# "going to kill himself and take others with him": others are in danger too, so 999 first
_OTHERS_TOO_RE = re.compile(
    r"\b(take|taking|takes|bring|bringing)\s+(others|other people|people|everyone|everybody|them all|"
    r"(some|loads of|lots of|a lot of) people|as many( people)?( as (he|she|they|i) can)?|"
    r"(the|his|her|their|my|our) (kids|children|baby|family))\s+"
    r"((down|out) )?with (him|her|them|me|us)\b"
    r"|\b(kill|hurt|harm)\w*\s+(myself|himself|herself|themselves|themself)\s+and\s+(others|other people|"
    r"everyone|everybody|people|(his|her|their|my|the) (kids|children|family|wife|husband|partner|mum|dad|baby))\b"
    # not "kill myself and everyone would be better off": the others are the subject of what follows
    r"(?!\s+(would|will|wont|won'?t|is|are|was|were|else|hates?|thinks?|says?|knows?|can|could|does|doesn'?t|"
    r"do|don'?t|'?d|never|always|just|might|should))",
    re.IGNORECASE,
)
_END_IT_RE = re.compile(r"\bend(ing)? (it|things|(his|her|their|my) life)\b", re.IGNORECASE)


def says_crisis_with_others_in_danger(text: Optional[str]) -> bool:
    """A crisis that threatens others too ("wants to end it and take people with her")."""
    return bool(text and (_CRISIS_RE.search(text) or _END_IT_RE.search(text)) and _OTHERS_TOO_RE.search(text))


# "no, nobody is in danger": the answer to the danger question, not an emergency
_NOT_IN_DANGER_RE = re.compile(
    r"\b(no ?one|nobody|noone|not|isn'?t|aren'?t|no)('?s)?\b(\s+(is|are|'s|was|were|anyone|one|really))*\s+in danger\b",
    re.IGNORECASE,
)


# "he says he'll shoot up the school but it's not happening today": the writer says it is not now
# (the report reply still asks "Is anyone in danger right now?")
_NOT_NOW_RE = re.compile(
    r"\b(not|isn'?t|isnt|nothing'?s|nothing is)\s+(happening|going on|going to happen)"
    r"(\s+(right\s+)?(now|today|tonight|yet|at the moment|atm))?\b",
    re.IGNORECASE,
)


# "he says he'll bomb the festival in august", "saw it last month": a threat for a time far off, or a
# sighting in the past, with nothing said to be now or still there (_STILL_RE): a report, which still asks
# "Is anyone in danger right now?" and gives 999
_LATER_OR_BEFORE_RE = re.compile(
    r"\b(next (week|month|year|summer|spring|autumn|winter|term)|in (a few|a couple of) (weeks|months)|"
    r"in (january|february|march|april|june|july|august|september|october|november|december)|"
    r"last (week|month|year|summer|spring|autumn|winter|term)|(weeks|months|years) ago)\b",
    re.IGNORECASE,
)
_NOW = r"right now|now|today|tonight|tomorrow|this (morning|afternoon|evening|weekend)|happening|live"
# now, or still there: a threat for later or a sighting before is an emergency after all
_STILL_RE = re.compile(
    rf"\b({_NOW}|still|currently|at the moment|atm|outside|here|on (his|her|their|the) way|just (saw|seen|heard))\b",
    re.IGNORECASE,
)


# "a video of hostages being executed", "a livestream of an attack": what material shows is online
# content, not danger here and now (a threat "about" tomorrow stays a threat: only "of"/"showing")
_DEPICTED_RE = re.compile(
    r"\b(videos?|vids?|livestreams?|live ?streams?|footage|clips?|pictures?|photos?|images?|recordings?)\b"
    r"(\s+[\w'-]+){0,2}?\s+(of|showing)\b(\s+[\w'-]+){0,4}",
    re.IGNORECASE,
)


# "what makes the biggest explosion": an explosion asked for (a harm request), not one happening
_ASKED_FOR_RE = re.compile(
    r"\b(biggest|best|strongest|bigger|largest|loudest)\s+(explosion|bang|blast|fire)\b", re.IGNORECASE
)


def _said_not_to_be_now(text: str) -> bool:
    return bool(_NOT_NOW_RE.search(text) or (_LATER_OR_BEFORE_RE.search(text) and not _STILL_RE.search(text)))


def _without_what_is_no_danger(text: str) -> str:
    """The text less "nobody is in danger", what a video shows, and an explosion asked for."""
    return _ASKED_FOR_RE.sub(" ", _DEPICTED_RE.sub(" ", _NOT_IN_DANGER_RE.sub(" ", text)))


# A message of a few words that is only a danger word ("gun!!", "bomb", "blood everywhere", "999",
# "come quick", "hes outside"): the classifier has too little to go on and once answered these with
# "I can tell you about CTP". Not a question ("what is a bomb", "and knives?"), no topic word ("knife
# crime", "gun laws": those ask for an answer) and not denied ("its not urgent").
SHORT_DANGER_WORDS = 4
_SHORT_DANGER_RE = re.compile(
    r"\b(bombs?|guns?|gunman|knife|knives|machete|shots|shooting|shooter|explosion|blood|bleeding|"
    r"ambulance|emergency|urgent|999|hurry|come quick|please come|someone help|we need help|"
    r"(he|she|they)('?s|'?re| is| are) (here|outside|back|coming|inside|at the door))\b|\battack\s*!",
    re.IGNORECASE,
)
# beyond a question (cues.is_a_question): a follow-on ("and knives"), a topic word, or a denial
_FOLLOW_ON_TOPIC_OR_DENIED_RE = re.compile(
    r"^\W*(tell|explain|and|or|also|about|more)\b|\?|\b(crimes?|laws?|figures?|stats?|statistics|numbers?|"
    r"arrests?|level|threat|prevent|plots?|attacks|training|advice|awareness|course|not|no|isn'?t|nothing)\b",
    re.IGNORECASE,
)


def _short_danger(text: str) -> bool:
    return (
        len(re.findall(r"[\w']+", text)) <= SHORT_DANGER_WORDS
        and bool(_SHORT_DANGER_RE.search(text))
        and not is_a_question(text)
        and not _FOLLOW_ON_TOPIC_OR_DENIED_RE.search(text)
    )


def says_emergency(text: Optional[str]) -> bool:
    """Someone is in danger now: a weapon, an attack under way, a threat, a suspicious item."""
    if not text or _said_not_to_be_now(text):
        return False
    text = _without_what_is_no_danger(text)
    return bool(
        _EMERGENCY_RE.search(text)
        or (_ATTACK_NOW_RE.search(text) and not _LIKELIHOOD_RE.search(text))
        or _short_danger(text)
    )


# shown, used or happening: "holding", "just", "help", "hiding" (with _STILL_RE: now, still, here, outside)
_SHOWN_OR_HAPPENING_RE = re.compile(
    rf"\b(just|help|hiding|screaming|shouting|yelling|running|locked|locking|armed|pointing|threatening|{_SHOWING})\b",
    re.IGNORECASE,
)


def tells_only_of_a_weapon_kept(text: Optional[str]) -> bool:
    """Its only danger words say someone has or keeps a weapon ("a gun in the loft", "a stash of knives"):
    not shown, used, threatened or said to be now, still or here."""
    if not says_emergency(text):
        return False
    rest = _without_what_is_no_danger(text)
    return bool(
        _HAS_A_WEAPON_RE.search(rest)
        and not _OTHER_EMERGENCY_RE.search(rest)
        and not _ATTACK_NOW_RE.search(rest)
        and not _STILL_RE.search(text)
        and not _SHOWN_OR_HAPPENING_RE.search(text)
    )


_NOW_RE = re.compile(rf"\b({_NOW})\b", re.IGNORECASE)
_THREAT_RE = re.compile(_THREAT, re.IGNORECASE)


def threatens_or_now(text: Optional[str]) -> bool:
    """A threat to do harm, or something said to be happening now or soon: 999 stays first."""
    return bool(text and (_NOW_RE.search(text) or _THREAT_RE.search(text)))


def asks_for_harm(text: Optional[str]) -> bool:
    """Someone asks for help to make a weapon, join a terrorist group or evade the police."""
    return bool(text and _HARM_RE.search(text))
