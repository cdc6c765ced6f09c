"""The public edge (nginx): security headers on every response, errors included; the client
address behind trusted proxies only; private run folders; Rasa's restricted Redis user."""

import json
import stat
import uuid

import pytest
import redis
import requests

from deploy.config import nginx_conf
from scripts.servers import sanic_request_max_size
from tests.prod.prodkit import Stack, StackConfig, new_sender, send, text_of

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
TRUSTED_PROXY = "127.0.0.1"  # the tests play the load balancer in front of nginx


@pytest.fixture(scope="module")
def edge_only(tmp_path_factory):
    """nginx alone, rendered and started as in production, with no replica behind it (502 → 503),
    a low rate limit (429) and the tests' address as a trusted proxy."""
    cfg = StackConfig.with_free_ports(
        replicas=2,
        run_dir=tmp_path_factory.mktemp("edge-run"),
        nginx_rate="1r/s",
        nginx_burst=1,
        trusted_proxies=[TRUSTED_PROXY],
    )
    stack = Stack(cfg, keep=True)
    stack.start_nginx()
    yield stack
    stack.stop()


def _post_json(url: str, body: bytes = b"", client: str = "") -> requests.Response:
    headers = {"Content-Type": "application/json", **({"X-Forwarded-For": client} if client else {})}
    return requests.post(url, data=body, headers=headers, timeout=30)


def _valid() -> bytes:
    return json.dumps({"sender": new_sender(), "message": "hello"}).encode()


def _flooded(base: str) -> requests.Response:
    client = f"198.51.100.{uuid.uuid4().int % 200 + 1}"
    for _ in range(20):
        r = _post_json(f"{base}/webhooks/rest/webhook", _valid(), client)
        if r.status_code == 429:
            return r
    raise AssertionError("no 429 after 20 quick requests at 1 r/s")


# (route id, which nginx, request, expected status)
ROUTES = [
    ("page", "edge", lambda b: requests.get(f"{b}/", timeout=10), 200),
    ("widget-js", "edge", lambda b: requests.get(f"{b}/widget.js", timeout=10), 200),
    ("widget-css", "edge", lambda b: requests.get(f"{b}/widget.css", timeout=10), 200),
    ("missing-page-404", "edge", lambda b: requests.get(f"{b}/no-such-page", timeout=10), 404),
    ("post-to-page-405", "edge", lambda b: requests.post(f"{b}/index.html", data=b"x", timeout=10), 405),
    ("healthz", "edge", lambda b: requests.get(f"{b}/healthz", timeout=10), 200),
    ("too-large-413", "edge", lambda b: _post_json(f"{b}/webhooks/rest/webhook", b"x" * 200_000), 413),
    ("rate-limited-429", "edge", _flooded, 429),
    ("no-replica-webhook-503", "edge", lambda b: _post_json(f"{b}/webhooks/rest/webhook", _valid()), 503),
    ("no-replica-health-503", "edge", lambda b: requests.get(f"{b}/webhooks/rest/", timeout=10), 503),
    ("webhook-200", "live", lambda b: _post_json(f"{b}/webhooks/rest/webhook", _valid()), 200),
    ("webhook-bad-request-400", "live", lambda b: _post_json(f"{b}/webhooks/rest/webhook", b""), 400),
    ("channel-health-200", "live", lambda b: requests.get(f"{b}/webhooks/rest/", timeout=10), 200),
]


@pytest.fixture(scope="module")
def responses(request):
    """Each route's response, fetched once."""
    edge = request.getfixturevalue("edge_only")
    live = request.getfixturevalue("stack")  # a test before may have stopped a piece: see the statuses
    got = {}
    for name, where, call, status in ROUTES:
        r = call((edge if where == "edge" else live).public_url)
        assert r.status_code == status, (name, r.status_code, r.text[:200])
        got[name] = r
    return got


@pytest.mark.parametrize("header", sorted(HEADERS))
@pytest.mark.parametrize("route", [r[0] for r in ROUTES])
def test_every_route_sends_every_security_header(responses, route, header):
    assert responses[route].headers.get(header) == HEADERS[header], dict(responses[route].headers)


def test_error_bodies_are_json_and_keep_their_own_headers(responses):
    assert responses["too-large-413"].json()["error"] == "body_too_large"
    assert responses["rate-limited-429"].headers["Retry-After"] == "1"
    assert responses["no-replica-webhook-503"].headers["Retry-After"] == "5"
    assert responses["webhook-200"].headers["Cache-Control"] == "no-store"


def test_the_page_talks_to_its_own_origin(responses):
    page = responses["page"].text
    assert "widget.js" in page
    assert "localhost:5005" not in page and "data-server" not in page, "the page must use nginx's own origin"


def test_client_address_comes_from_a_trusted_proxy_only(edge_only):
    flooded = _flooded(edge_only.public_url)
    assert flooded.status_code == 429
    # another client behind the same proxy has its own allowance
    other = _post_json(f"{edge_only.webhook}", _valid(), "198.51.100.250")
    assert other.status_code == 503, other.status_code
    assert "198.51.100.250" in (edge_only.log_dir / "nginx-access.log").read_text()


def test_without_trusted_proxies_x_forwarded_for_is_ignored(tmp_path):
    cfg = StackConfig.with_free_ports(replicas=1, run_dir=tmp_path, trusted_proxies=[])
    cfg.fill_defaults()
    assert "real_ip_header" not in nginx_conf(cfg, tmp_path, tmp_path, tmp_path / "h.conf", tmp_path)
    cfg.trusted_proxies = ["10.0.0.0/8"]
    conf = nginx_conf(cfg, tmp_path, tmp_path, tmp_path / "h.conf", tmp_path)
    assert "set_real_ip_from 10.0.0.0/8;" in conf and "real_ip_header X-Forwarded-For;" in conf


def test_run_log_and_redis_folders_are_private(healthy):
    stack = healthy
    for folder in (stack.run_dir, stack.log_dir, stack.data_dir):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    written = [f for d in (stack.log_dir, stack.data_dir) for f in d.rglob("*") if f.is_file()]
    assert written and all(stat.S_IMODE(f.stat().st_mode) & 0o077 == 0 for f in written), {
        str(f): oct(f.stat().st_mode) for f in written
    }
    assert stat.S_IMODE((stack.run_dir / "redis.conf").stat().st_mode) == 0o600


def test_rasa_redis_user_has_no_dangerous_command_and_conversations_still_work(healthy):
    stack = healthy
    rasa_user = stack.redis_client(0, as_rasa=True)
    rasa_user.set("act:acl-test", b"1", ex=60)
    assert rasa_user.get("act:acl-test") == b"1"
    for command in (("FLUSHALL",), ("FLUSHDB",), ("CONFIG", "GET", "*"), ("KEYS", "*"), ("ACL", "LIST")):
        with pytest.raises(redis.exceptions.NoPermissionError):
            rasa_user.execute_command(*command)
    for command in (
        ("DEBUG", "SLEEP", "0"),
        ("SHUTDOWN", "NOSAVE"),
        ("MONITOR",),
        ("REPLICAOF", "NO", "ONE"),
    ):
        verdict = stack.redis_client(0).execute_command("ACL", "DRYRUN", stack.username, *command)
        assert b"no permissions" in verdict, (command, verdict)
    with pytest.raises(redis.exceptions.NoPermissionError):
        rasa_user.set("other:key", b"1")  # only its own keys
    anonymous = redis.Redis(host="127.0.0.1", port=stack.cfg.redis_port, socket_timeout=5)
    with pytest.raises(redis.exceptions.AuthenticationError):
        anonymous.get("act:acl-test")
    sender = new_sender()
    assert "gov.uk/ACT" in text_of(send(stack.webhook, "I want to report something suspicious", sender))
    assert stack.redis_client(0).exists(f"act:tracker:{sender}")


def test_sanic_request_size_comes_from_defaults_for_every_replica(healthy):
    for p in healthy.rasa:
        env = dict(
            item.split(b"=", 1)
            for item in open(f"/proc/{p.pid}/environ", "rb").read().split(b"\0")
            if b"=" in item
        )
        assert env[b"SANIC_REQUEST_MAX_SIZE"] == str(sanic_request_max_size()).encode()
    for p in healthy.actions:  # the action server receives whole trackers: Sanic's default there
        assert b"SANIC_REQUEST_MAX_SIZE=" not in open(f"/proc/{p.pid}/environ", "rb").read()
