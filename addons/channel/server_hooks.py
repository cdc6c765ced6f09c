"""What the channel sets or reads outside its own code, each checked at start-up.

- Rasa 3.6 waits up to 5 minutes for a custom action: ``RemoteAction.run`` passes the module
  constant ``rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT`` and there is no setting. This is
  the one Rasa internal we change; if a Rasa upgrade stops reading it there, start-up stops.
- Sanic buffers request bodies up to ``REQUEST_MAX_SIZE`` (100 MB by default, env
  ``SANIC_REQUEST_MAX_SIZE``): lowered to the channel's own body limit (public Sanic config).
- The page origins Rasa was started with (``--cors``) come from Sanic-CORS's context on the app.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Callable, List, Optional

logger = logging.getLogger(__name__)

_ACTION_TIMEOUT = "DEFAULT_REQUEST_TIMEOUT"


class ChannelConfigError(ValueError):
    """The channel cannot start with this configuration (or this Rasa)."""


def check_action_timeout_hook() -> None:
    """Stop with a clear message if Rasa no longer reads the action timeout where we set it."""
    import rasa.core.actions.action as rasa_action

    run = getattr(getattr(rasa_action, "RemoteAction", None), "run", None)
    code = getattr(run, "__code__", None)
    if not hasattr(rasa_action, _ACTION_TIMEOUT) or code is None or _ACTION_TIMEOUT not in code.co_names:
        raise ChannelConfigError(
            f"SafeRestInput: this Rasa ({_rasa_version()}) no longer reads "
            f"rasa.core.actions.action.{_ACTION_TIMEOUT} in RemoteAction.run, so action_timeout_s "
            f"cannot be applied. Find the new setting and update addons/channel/server_hooks.py."
        )


def cap_action_timeout(seconds: float) -> Callable[[], None]:
    """Set Rasa's wait for the action server; returns a function that restores the old value."""
    import rasa.core.actions.action as rasa_action

    check_action_timeout_hook()
    previous = getattr(rasa_action, _ACTION_TIMEOUT)
    setattr(rasa_action, _ACTION_TIMEOUT, seconds)
    logger.info("SafeRestInput: Rasa waits at most %.1f s for the action server.", seconds)

    def restore() -> None:
        setattr(rasa_action, _ACTION_TIMEOUT, previous)

    return restore


# Sanic may allow a little more than the channel (launchers add room for the JSON around a body)
REQUEST_SIZE_MARGIN_BYTES = 4096


def cap_request_size(app: Any, max_body_bytes: int) -> None:
    """Make Sanic refuse bodies over our limit before buffering them (its default is 100 MB)."""
    current = int(app.config.REQUEST_MAX_SIZE)
    if current > max_body_bytes + REQUEST_SIZE_MARGIN_BYTES:
        logger.info(
            "SafeRestInput: Sanic REQUEST_MAX_SIZE %d lowered to %d (set SANIC_REQUEST_MAX_SIZE=%d "
            "to start with it).",
            current,
            max_body_bytes,
            max_body_bytes,
        )
        app.config.REQUEST_MAX_SIZE = max_body_bytes


def cors_origins(app: Any, path: str) -> Optional[List[Any]]:
    """The origins allowed for ``path`` by Rasa's ``--cors`` (Sanic-CORS), or None if unreadable."""
    context = getattr(app.ctx, "sanic_cors", None)
    resources = getattr(context, "resources", None)
    if resources is None:
        return None
    for pattern, options in resources:
        if re.match(pattern, path):
            origins = options.get("origins") or []
            return [origins] if isinstance(origins, (str, re.Pattern)) else list(origins)
    return []


def origin_allowed(origin: str, allowed: List[Any]) -> bool:
    """As Sanic-CORS matches: exact (case-insensitive) or a regular expression such as ``.*``."""
    from sanic_cors.core import try_match_any

    return bool(allowed) and bool(try_match_any(origin, allowed))


def _rasa_version() -> str:
    import rasa

    return getattr(rasa, "__version__", "?")
