"""Every message and body limit, read from every place that sets one: they agree and are ordered.

widget text box < NLU InputGuard < channel cut < request body (channel = Sanic ~ nginx).
defaults.env owns the numbers; each other place must say the same.
"""

import re

from rasa.shared.utils.io import read_yaml_file

from addons import settings
from addons.channel import SafeRestInput, server_hooks
from addons.nlu import input_guard

ROOT = settings.ROOT
WIDGET = settings.get_int("WIDGET_MAX_CHARS")
GUARD = settings.get_int("GUARD_MAX_CHARS")
CHANNEL = settings.get_int("CHANNEL_MAX_CHARS")
BODY = settings.get_int("MAX_BODY_BYTES")
# the longest JSON a full message can take: a character \\u-escaped as a surrogate pair is 12 bytes
JSON_BYTES_PER_CHAR = 12


def _size(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([kKmM]?)", value.strip()).groups()
    return int(number) * {"": 1, "k": 1024, "m": 1024 * 1024}[unit.lower()]


def test_defaults_env_limits_are_ordered():
    assert 0 < WIDGET < GUARD < CHANNEL
    assert CHANNEL * JSON_BYTES_PER_CHAR + 1024 <= BODY, "a full message must fit in a body"


def test_the_input_guard_uses_the_guard_limit_in_code_and_in_config_yml():
    if hasattr(input_guard, "default_max_chars"):
        assert input_guard.default_max_chars() == GUARD
    else:
        assert input_guard.InputGuard.get_default_config()["max_chars"] == GUARD
    config = read_yaml_file(ROOT / "config.yml")
    set_here = {c["name"]: c["max_chars"] for c in config["pipeline"] if c.get("max_chars") is not None}
    assert all(v == GUARD for v in set_here.values()), (
        f"config.yml max_chars {set_here} != GUARD_MAX_CHARS {GUARD}"
    )


def test_the_channel_cuts_at_channel_max_chars_and_refuses_bodies_over_max_body_bytes():
    creds = read_yaml_file(ROOT / "credentials.yml")["addons.channel.SafeRestInput"] or {}
    assert creds.get("max_message_chars", CHANNEL) == CHANNEL
    assert creds.get("max_body_bytes", BODY) == BODY
    channel = SafeRestInput.from_credentials(creds)
    assert (channel.max_message_chars, channel.max_body_bytes) == (CHANNEL, BODY)


def test_sanic_refuses_bodies_not_much_above_the_channel():
    from sanic import Sanic

    Sanic.test_mode = True
    app = Sanic("limits_check")
    assert app.config.REQUEST_MAX_SIZE == 100_000_000  # Sanic's default, unless SANIC_REQUEST_MAX_SIZE is set
    server_hooks.cap_request_size(app, BODY)
    assert BODY <= app.config.REQUEST_MAX_SIZE <= BODY + server_hooks.REQUEST_SIZE_MARGIN_BYTES


def test_the_widget_text_box_holds_widget_max_chars():
    # the served file: a literal maxlength, or the value the build fixed (WIDGET_BUILD = {maxChars: N})
    served = (ROOT / "web" / "dist" / "widget.js").read_text()
    found = [int(v) for v in re.findall(r"""maxlength["']?\s*[:=,]\s*["']?(\d+)""", served, re.IGNORECASE)]
    found += [int(v) for v in re.findall(r"WIDGET_BUILD\s*=\s*\{[^}]*maxChars:\s*(\d+)", served)]
    assert found, "no maxlength / maxChars in web/dist/widget.js (run `make web`)"
    assert set(found) == {WIDGET}, found


def test_nginx_refuses_bodies_over_max_body_bytes():
    template = (ROOT / "deploy" / "nginx" / "nginx.conf.template").read_text()
    values = re.findall(r"client_max_body_size\s+([^;]+);", template)
    assert values, "no client_max_body_size in the nginx template"
    webhook_limit = values[0].strip()
    placeholder = re.fullmatch(r"@@(\w+)@@", webhook_limit)
    if placeholder:  # filled in by the launcher: from defaults.env, or the stack's own default
        key = placeholder.group(1)
        try:
            webhook_limit = settings.get(key if key != "MAX_BODY" else "MAX_BODY_BYTES")
        except settings.SettingsError:
            from deploy.stack import StackConfig

            webhook_limit = str(StackConfig.__dataclass_fields__["max_body"].default)
    assert _size(webhook_limit) == BODY, f"nginx client_max_body_size {webhook_limit} != {BODY}"
