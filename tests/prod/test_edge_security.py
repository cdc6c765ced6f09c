"""Hostile input and security checks against the real profile (nginx + replicas)."""

import json
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from tests.prod.prodkit import PAGE_ORIGIN, ROOT, new_sender, send, text_of

BROKEN = [
    (b"", 400),
    (b'{"sender": "a", "message": ', 400),
    (b'["x"]', 400),
    (b'{"sender": 5, "message": "hi"}', 400),
    (b'{"message": "hi"}', 400),
    (b'{"sender": "abc", "message": {"text": "hi"}}', 400),
    (json.dumps({"sender": "a" * 5000, "message": "hi"}).encode(), 400),
    (b'{"sender": "abc", "message": "\xff\xfe"}', 400),
    (json.dumps({"sender": "abc", "message": "x" * 1_000_000}).encode(), 413),
]
POLITE = [
    "",
    "   ",
    "<script>alert('x')</script>",
    "what is prevent " * 625,  # 10,000 characters: cut, then answered
    "hel\u0000lo \u0007\u001b[2J\u202e",
    "🤔🙈💥",
]


def _assert_normal_user_served(url: str) -> None:
    reply = text_of(send(url, "what is prevent", new_sender()))
    assert "Prevent" in reply, reply


def test_broken_requests_get_a_clear_4xx_from_nginx_and_from_each_replica(healthy):
    stack = healthy
    for url in (stack.webhook, stack.replica_webhook(0), stack.replica_webhook(1)):
        for body, status in BROKEN:
            r = requests.post(url, data=body, headers={"Content-Type": "application/json"}, timeout=30)
            assert r.status_code == status, (url, body[:40], r.status_code, r.text[:200])
            assert r.headers["Content-Type"].startswith("application/json")
            assert "error" in r.json()
        _assert_normal_user_served(url)


def test_odd_messages_get_a_polite_reply_with_the_signposts(healthy):
    stack = healthy
    for message in POLITE:
        r = send(stack.webhook, message, new_sender())
        reply = text_of(r)
        assert "999" in reply and "gov.uk/ACT" in reply, (message[:30], reply)
        assert "<script>" not in r.text
    _assert_normal_user_served(stack.webhook)


def test_thousands_of_messages_from_one_sender_are_throttled_others_unaffected(healthy):
    stack = healthy
    flooder = new_sender()
    session = requests.Session()
    codes = []
    for i in range(1000):
        r = session.post(
            stack.replica_webhook(i % 2), json={"sender": flooder, "message": f"hello {i}"}, timeout=30
        )
        codes.append(r.status_code)
    assert set(codes) <= {200, 429}
    assert codes.count(429) >= 800, codes.count(200)
    _assert_normal_user_served(stack.webhook)


def test_nginx_limits_requests_per_client(healthy):
    stack = healthy

    # requests the channel refuses at once (empty body: 400), so the offered rate is far above
    # the test profile's 50 r/s + burst 100 however slow the machine is
    def hit(i: int) -> int:
        return requests.post(
            stack.webhook, data=b"", headers={"Content-Type": "application/json"}, timeout=30
        ).status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        codes = list(pool.map(hit, range(600)))
    assert set(codes) <= {400, 429}
    assert codes.count(429) > 0, "per-client rate limit not applied"
    assert codes.count(400) >= 100, "the burst should pass"
    r = requests.post(stack.webhook, json={"sender": new_sender(), "message": "hi"}, timeout=30)
    assert r.status_code in (200, 429)


def test_rasa_http_api_is_off_and_not_proxied(healthy):
    stack = healthy
    for base in (stack.replica_url(0), stack.public_url):
        for method, path in [
            ("GET", "/status"),
            ("GET", "/version"),
            ("POST", "/model/parse"),
            ("GET", "/conversations/x/tracker"),
            ("PUT", "/model"),
            ("POST", "/conversations/x/trigger_intent"),
            ("GET", "/domain"),
        ]:
            r = requests.request(method, base + path, json={}, timeout=10)
            assert r.status_code in (404, 405), (base, path, r.status_code)
    # the action servers are not reachable through the public side
    assert requests.post(f"{stack.public_url}/webhook", json={}, timeout=10).status_code in (404, 405)


def _listen_addresses(port: int):
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            parts = line.split()
            local, state = parts[1], parts[3]
            addr, p = local.rsplit(":", 1)
            if state == "0A" and int(p, 16) == port:
                found.add(addr)
    return found


def test_internal_services_listen_on_loopback_only(healthy):
    stack = healthy
    loopback = {"0100007F", "0000000000000000FFFF00000100007F", "00000000000000000000000001000000"}
    ports = [*stack.cfg.rasa_ports, *stack.cfg.action_ports, stack.cfg.actions_lb_port, stack.cfg.redis_port]
    for port in ports:
        addrs = _listen_addresses(port)
        assert addrs and addrs <= loopback, (port, addrs)


def test_cors_allows_only_the_configured_page_origin(healthy):
    stack = healthy
    url = stack.replica_webhook(0)
    ok = requests.options(
        url, headers={"Origin": PAGE_ORIGIN, "Access-Control-Request-Method": "POST"}, timeout=5
    )
    assert ok.headers.get("Access-Control-Allow-Origin") == PAGE_ORIGIN
    bad = requests.options(
        url, headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}, timeout=5
    )
    assert "Access-Control-Allow-Origin" not in bad.headers


def test_no_secret_in_the_production_files():
    """Config files name secrets only by reference (env var, placeholder, Kubernetes Secret)."""
    files = [
        ROOT / "endpoints.prod.yml",
        ROOT / "credentials.yml",
        ROOT / "mk" / "prod.mk",
        *sorted((ROOT / "deploy").rglob("*")),
    ]
    key = re.compile(
        r"^\s*-?\s*(password|passwd|requirepass|redis-password|redis_password|auth_token|api_key|"
        r"token|secret|jwt_secret)\s*[:= ]\s*(.*)$",
        re.I,
    )
    reference = re.compile(
        r"^(\$\{?[A-Z_]+\}?|@@[A-Z_]+@@|\$\(.*\)|\{\{.*\}\}|[\"']{2}|[\"']?<[^>]*>[\"']?|)"
        r"\s*(#.*)?$"
    )
    bad = []
    for f in files:
        if not f.is_file() or f.suffix in (".py", ".pyc", ".md"):
            continue
        for n, line in enumerate(f.read_text(errors="replace").splitlines(), 1):
            m = key.match(line)
            if not m or line.lstrip().startswith("#"):
                continue
            value = m.group(2).strip()
            if (
                reference.match(value)
                or value.endswith(":")
                or value.startswith(("valueFrom", "secretKeyRef"))
            ):
                continue
            bad.append(f"{f.relative_to(ROOT)}:{n}: {line.strip()}")
    assert bad == [], "\n".join(bad)


def test_nothing_listens_on_the_public_side_but_nginx(healthy):
    stack = healthy
    # replicas are not reachable on a non-loopback address of this machine
    out = subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout.split()
    for addr in out[:3]:
        if addr.startswith("127.") or ":" in addr:
            continue
        for port in stack.cfg.rasa_ports:
            try:
                requests.get(f"http://{addr}:{port}/", timeout=2)
                raise AssertionError(f"replica reachable on {addr}:{port}")
            except requests.ConnectionError:
                pass
