"""The action server with a Prometheus endpoint (production profile):

    python -m actions.metrics_server --metrics-port 9255 --actions actions --port 5255

rasa_sdk has no start-up hook, so this entry point first serves ``/metrics`` (prometheus_client's
own HTTP server, a daemon thread) on METRICS_HOST:--metrics-port, then hands over to rasa_sdk's
own main with the other arguments. The metrics are the process's (memory, CPU, start time):
Prometheus's ``up`` for this target is what the "action server down" alert reads. Failures seen
from Rasa (errors, timeouts) are counted by the replicas (addons/metrics.py).
"""

from __future__ import annotations

import argparse
import sys
from typing import List, Optional


def main(argv: Optional[List[str]] = None) -> None:
    from addons import settings
    from addons.metrics import MetricsConfigError

    ap = argparse.ArgumentParser(add_help=False)
    ap.add_argument("--metrics-port", type=int, required=True)
    ap.add_argument("--metrics-host", default=None)
    ours, rest = ap.parse_known_args(sys.argv[1:] if argv is None else argv)
    if not 0 <= ours.metrics_port < 65536:
        raise MetricsConfigError(f"--metrics-port must be 0-65535, got {ours.metrics_port}")
    if ours.metrics_port:
        import prometheus_client

        # a port taken is a configuration error here: nothing else would notice it
        prometheus_client.start_http_server(
            ours.metrics_port, addr=ours.metrics_host or settings.get("METRICS_HOST")
        )

    from rasa_sdk.__main__ import main_from_args
    from rasa_sdk.endpoint import create_argument_parser

    main_from_args(create_argument_parser().parse_args(rest))


if __name__ == "__main__":
    main()
