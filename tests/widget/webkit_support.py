"""WebKit, the engine of every iPhone, for tests/widget/test_webkit.py: Debian's WebKitGTK
MiniBrowser driven by Selenium through WebKitWebDriver, on a private Xvfb display (offline:
nothing is downloaded, no Selenium Manager)."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import time
from contextlib import contextmanager
from typing import Iterator

WEBKIT_DRIVER = os.environ.get("WEBKIT_DRIVER", "/usr/bin/WebKitWebDriver")
MINIBROWSER = os.environ.get("WEBKIT_MINIBROWSER", "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser")
XVFB = shutil.which("Xvfb") or "/usr/bin/Xvfb"
INSTALL_HINT = "apt-get install -y webkit2gtk-driver xvfb (.ci/run does this)"

# Recorded in the page after load (WebKitWebDriver has no console log): errors and CSP violations.
ERROR_HOOK = """
window.__widgetErrors = [];
window.addEventListener('error', function (e) { window.__widgetErrors.push('error: ' + e.message); });
window.addEventListener('unhandledrejection', function (e) { window.__widgetErrors.push('rejection: ' + e.reason); });
document.addEventListener('securitypolicyviolation', function (e) {
  window.__widgetErrors.push('csp: ' + e.violatedDirective + ' ' + e.blockedURI);
});
"""


def missing() -> list[str]:
    return [p for p in (WEBKIT_DRIVER, MINIBROWSER, XVFB) if not os.path.exists(p)]


@contextmanager
def xvfb_display() -> Iterator[str]:
    """A private X display (':N'), the number chosen by Xvfb itself (-displayfd)."""
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        [XVFB, "-displayfd", str(write_fd), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    os.close(write_fd)
    try:
        ready, _, _ = select.select([read_fd], [], [], 20)
        number = os.read(read_fd, 16).decode().strip() if ready else ""
        if not number:
            raise RuntimeError(
                f"Xvfb did not start: {proc.stderr.read().decode() if proc.poll() is not None else ''}"
            )
        yield f":{number}"
    finally:
        os.close(read_fd)
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def start_webkit(display: str):
    """A WebKitGTK MiniBrowser session on `display`."""
    from selenium import webdriver
    from selenium.webdriver.webkitgtk.options import Options
    from selenium.webdriver.webkitgtk.service import Service

    options = Options()
    options.binary_location = MINIBROWSER
    options.add_argument("--automation")
    env = {**os.environ, "DISPLAY": display, "WEBKIT_DISABLE_COMPOSITING_MODE": "1"}
    service = Service(executable_path=WEBKIT_DRIVER, env=env)
    driver = webdriver.WebKitGTK(options=options, service=service)
    driver.set_page_load_timeout(30)
    driver.set_window_size(1280, 900)
    return driver


def wait_until(predicate, timeout: float = 30.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")
