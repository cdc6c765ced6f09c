"""Nothing identifying is kept: a corpus full of personal details goes through
nginx and both replicas (Rasa at --debug, the most it logs), then every byte of
Redis (every key of the tracker and lock databases, the append-only file and a
fresh RDB snapshot) and every log file of the run is searched for them.
"""

import json
import time
from pathlib import Path
from typing import Dict, List, Tuple

from tests.prod.prodkit import new_sender, send, text_of

# (message, [needles]): each needle is a piece of the personal data that must
# appear nowhere, in the forms it could be stored in. Numeric needles are long
# enough (9+ digits) never to turn up by chance in ids or timestamps. All values are fictional
# (Ofcom drama numbers, example.* domains, the HMRC specimen NI prefix).
CORPUS: List[Tuple[str, List[str]]] = [
    ("my number is 07700 900461 if you need it", ["07700 900461", "07700900461", "7700 900461"]),
    ("call me on +44 7700 900462", ["7700 900462", "447700900462", "7700900462"]),
    ("ring 07700-900-463 after six", ["07700-900-463", "7700-900-463", "07700900463"]),
    ("my landline is (020) 7946 0464", ["7946 0464", "02079460464", "2079460464"]),
    ("office +44 (0)161 496 0465", ["161 496 0465", "1614960465", "496 0465"]),
    ("email me at jo.bloggs466@example.co.uk please", ["jo.bloggs466", "bloggs466@", "example.co.uk"]),
    ("my email is sam.okoro467 at example dot com", ["okoro467"]),
    ("contact PRIYA_468+tips@mail.example.org", ["PRIYA_468", "priya_468"]),
    ("I live in SW1A 2AA and saw something odd", ["SW1A 2AA", "SW1A2AA"]),
    ("the house is at postcode m1 4bt", ["m1 4bt", "M1 4BT"]),
    ("my postcode is LS14 6QT", ["LS14 6QT", "LS146QT"]),
    ("the car was a silver golf reg KX19 VBN", ["KX19 VBN", "KX19VBN", "kx19vbn"]),
    ("a van, reg yd68fgh, keeps parking there", ["yd68fgh", "YD68FGH", "YD68 FGH"]),
    ("old reg P471 KLM on a blue transit", ["P471 KLM", "P471KLM"]),
    ("my ni number is QQ 47 23 56 C", ["QQ 47 23 56 C", "QQ472356C", "47 23 56 C"]),
    ("NI: JT473829D", ["JT473829D", "JT 47 38 29"]),
    ("my card is 4111 1111 1111 1111", ["4111 1111 1111 1111", "4111111111111111"]),
    ("card 5500-0000-0000-0004 was used", ["5500-0000-0000-0004", "5500000000000004"]),
    ("I live at 47 Wisteria Lane, Leeds", ["Wisteria", "47 Wisteria"]),
    ("he lives at 221B Baker Street", ["221B Baker", "Baker Street"]),
    ("flat 12 above the shop, 8 Quince Road", ["Quince", "flat 12"]),
    ("my name is Jo Bloggsworth and I'm worried", ["Bloggsworth"]),
    ("a man named Tarquin Fintimlinbinwhin keeps filming the gates", ["Tarquin", "Fintimlinbinwhin"]),
    ("my son is Ezekiel and he is being groomed online", ["Ezekiel"]),
    ("DOB 14/09/1987", ["14/09/1987"]),
    ("passport number 502135326", ["502135326"]),
    (
        "Hi, my name is Hortensia Quagmire, I live at 9 Juniper Crescent, Bristol BS8 4TQ. "
        "Call me on 07700 900474 or email h.quagmire474@example.net. The van was AB57 XQZ.",
        [
            "Hortensia",
            "Quagmire",
            "Juniper",
            "BS8 4TQ",
            "BS84TQ",
            "7700 900474",
            "7700900474",
            "h.quagmire474",
            "AB57 XQZ",
            "AB57XQZ",
        ],
    ),
    (
        "my neighbour at 3 Larkspur Avenue is buying odd chemicals, call me 07700 900475",
        ["Larkspur", "7700 900475", "7700900475"],
    ),
    (
        "there's a bloke waving a machete about on 12 Primrose Street, my mobile is 07700900476",
        ["Primrose", "07700900476", "7700900476"],
    ),
    ("how many plots have been stopped? my email is plots477@example.com", ["plots477"]),
    # hidden with format characters or fullwidth digits
    ("call 0770\u200b0 90\u200d0478", ["7700900478", "07700 900478", "0 90\u200d0478"]),
    ("０７７００ ９００４７９", ["９００４７９", "7700900479", "07700 900479"]),
]


def _haystacks(stack) -> Dict[str, bytes]:
    """Every byte of the store and the logs, by where it came from."""
    hay: Dict[str, bytes] = {}
    for db in (0, 1):
        r = stack.redis_client(db)
        for key in r.scan_iter(count=1000):
            kind = r.type(key)
            if kind == b"string":
                value = r.get(key) or b""
            elif kind == b"hash":
                value = json.dumps({k.decode(): v.decode() for k, v in r.hgetall(key).items()}).encode()
            else:
                value = r.dump(key) or b""
            hay[f"redis db{db} {key.decode(errors='replace')}"] = key + b"\n" + value
    stack.redis_client(0).save()  # an uncompressed RDB snapshot of everything
    time.sleep(1.5)  # appendfsync everysec
    for f in sorted(Path(stack.data_dir).rglob("*")):
        if f.is_file():
            hay[f"redis file {f.name}"] = f.read_bytes()
    for f in sorted(Path(stack.log_dir).rglob("*")):
        if f.is_file():
            hay[f"log {f.name}"] = f.read_bytes()
    return hay


def test_no_personal_detail_reaches_the_store_or_the_logs(healthy):
    stack = healthy
    senders = []
    targets = [stack.webhook, stack.replica_webhook(0), stack.replica_webhook(1)]
    for n, (message, _) in enumerate(CORPUS):
        sender = new_sender()
        senders.append(sender)
        reply = text_of(send(targets[n % 3], message, sender))
        assert reply, message
        # a second turn in the same conversation, so the stored tracker holds both
        text_of(send(targets[(n + 1) % 3], "thanks", sender))

    hay = _haystacks(stack)
    everything = b"\n".join(hay.values())
    # the conversations are really there (so "0 matches" means something) ...
    stored = b"\n".join(v for k, v in hay.items() if k.startswith("redis db0"))
    for sender in senders:
        assert f"act:tracker:{sender}".encode() in stored
    assert b"[phone number]" in stored and b"[email address]" in stored and b"[postcode]" in stored
    logs = b"\n".join(v for k, v in hay.items() if k.startswith("log"))
    assert b"[phone number]" in logs, "the debug logs should show the (redacted) user text"

    # ... and no personal detail is, in any form
    matches = []
    for _message, needles in CORPUS:
        for needle in needles:
            for form in {needle, needle.lower(), needle.upper()}:
                for variant in {form.encode(), json.dumps(form)[1:-1].encode()}:
                    if variant in everything:
                        where = [k for k, v in hay.items() if variant in v]
                        matches.append((needle, where))
    total_bytes = sum(len(v) for v in hay.values())
    print(
        f"privacy: {len(CORPUS)} messages, {sum(len(n) for _, n in CORPUS)} needles, "
        f"{len(hay)} places, {total_bytes} bytes searched, {len(matches)} matches"
    )
    assert matches == []


def test_conversations_in_redis_expire_after_the_configured_time(healthy):
    stack = healthy
    sender = new_sender()
    text_of(send(stack.webhook, "hello", sender))
    ttl = stack.redis_client(0).ttl(f"act:tracker:{sender}")
    assert 1790 <= ttl <= 1800, ttl
    for key in stack.redis_client(0).scan_iter("act:tracker:*"):
        assert 0 < stack.redis_client(0).ttl(key) <= 1800, key
