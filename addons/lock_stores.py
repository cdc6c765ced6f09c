"""A Redis lock store with a connect timeout as well as a read timeout.

Rasa 3.6's ``RedisLockStore`` takes ``socket_timeout`` (default 10 s) but no connect timeout,
and redis-py then connects without one: an unreachable Redis stalls a turn for the OS's TCP
timeout (minutes). endpoints.prod.yml::

    lock_store:
      type: addons.lock_stores.TimeoutRedisLockStore
      socket_timeout: 2
      socket_connect_timeout: 2
"""

from __future__ import annotations

from typing import Any, Optional

from rasa.core.lock_store import RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from addons.tracker_stores import DEFAULT_SOCKET_TIMEOUT, set_socket_timeouts


class TimeoutRedisLockStore(RedisLockStore):
    """Rasa's Redis lock store; every Redis call gives up after ``socket_timeout`` seconds."""

    def __init__(
        self,
        endpoint_config: Optional[EndpointConfig] = None,
        socket_timeout: float = DEFAULT_SOCKET_TIMEOUT,
        socket_connect_timeout: float = DEFAULT_SOCKET_TIMEOUT,
        **kwargs: Any,
    ) -> None:
        # Rasa builds a custom lock store as cls(endpoint_config=...); tests may pass keywords
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url, **endpoint_config.kwargs, **kwargs}
            socket_timeout = float(kwargs.pop("socket_timeout", socket_timeout))
            socket_connect_timeout = float(kwargs.pop("socket_connect_timeout", socket_connect_timeout))
        super().__init__(socket_timeout=float(socket_timeout), **kwargs)
        set_socket_timeouts(self.red, type(self).__name__, socket_timeout, socket_connect_timeout)
