"""The public REST channel, by concern: ``limits`` (what a request may be and how often),
``hygiene`` (what its text may carry into Rasa), ``server_hooks`` (what is set or read outside
the channel, checked at start-up) and ``rest`` (the channel). credentials.yml names
``addons.channel.SafeRestInput``."""

from addons.channel.rest import SafeRestInput
from addons.channel.server_hooks import ChannelConfigError

__all__ = ["ChannelConfigError", "SafeRestInput"]
