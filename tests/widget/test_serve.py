"""web/serve.py: the tiny static server for web/dist (stdlib only)."""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from .widget_support import WEB, free_port, wait_for_port


@pytest.fixture
def served(web_dist):
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            str(WEB / "serve.py"),
            "--port",
            str(port),
            "--dir",
            str(web_dist),
            "--rasa-url",
            "http://localhost:5999/",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}", proc
    finally:
        proc.terminate()
        proc.wait(timeout=5)


def _get(url):
    return urllib.request.urlopen(url, timeout=5)


def test_page_gets_rasa_url_and_a_strict_csp(served):
    base, _ = served
    with _get(base + "/") as r:
        html = r.read().decode()
        csp = r.headers["Content-Security-Policy"]
        assert r.headers["Content-Type"].startswith("text/html")
    # The built page has no data-server (it talks to its own origin); serve.py adds one.
    assert html.count('data-server="http://localhost:5999"') == 1
    assert "localhost:5005" not in html
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "connect-src 'self' http://localhost:5999" in csp
    with _get(base + "/widget.js") as r:
        assert r.headers["Content-Type"].startswith("text/javascript")
        assert r.headers["X-Content-Type-Options"] == "nosniff"
    with _get(base + "/widget.css") as r:
        assert r.headers["Content-Type"].startswith("text/css")


def test_no_listing_no_escape_and_quiet(served):
    base, proc = served
    for path in ("/missing.js", "/../serve.py", "/%2e%2e/serve.py", "/../../Makefile"):
        with pytest.raises(urllib.error.HTTPError) as err:
            _get(base + path)
        assert err.value.code == 404
    with _get(base + "/index.html") as r:
        assert r.status == 200
    proc.terminate()
    out, err = proc.communicate(timeout=5)
    assert out.count("\n") == 1 and "serve.py: http://localhost:" in out  # one start-up line
    assert "200" not in err and "GET /index.html" not in err  # successes are not logged
    assert "404 GET /missing.js" in err


def test_bad_arguments_fail_fast(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(WEB / "serve.py"), "--dir", str(tmp_path), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=10,
    )
    assert proc.returncode == 2 and "make web" in proc.stderr


def test_page_served_as_built_posts_to_its_own_origin(widget_browser, chat_on, fake_rasa_factory, web_dist):
    # As behind nginx (make run-prod): the page as built, no data-server, Rasa on the same origin.
    both = fake_rasa_factory(static_dir=web_dist)
    context = widget_browser.new_context()
    try:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(both.url + "/")
        chat = chat_on(page)
        chat.open()
        assert "prevent" in chat.ask("what is Prevent").lower()
    finally:
        context.close()
    assert both.messages() == ["what is Prevent"]
    assert f"{both.url}/webhooks/rest/webhook" in requests
    assert not any(":5005" in url for url in requests), requests


def test_serve_py_points_the_widget_at_its_rasa_url():
    import importlib.util

    spec = importlib.util.spec_from_file_location("serve", WEB / "serve.py")
    serve = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(serve)
    page = '<script src="/a.js"></script><script src="/widget.js" data-title="T"></script>'
    assert serve.point_widget_at(page, "http://localhost:5005") == (
        '<script src="/a.js"></script><script data-server="http://localhost:5005" src="/widget.js" data-title="T">'
        "</script>"
    )
    old = '<script src="/widget.js" data-server="http://old:1" data-title="T"></script>'
    assert serve.point_widget_at(old, 'http://x"y').count("data-server") == 1
    assert 'data-server="http://x&quot;y"' in serve.point_widget_at(old, 'http://x"y')
