"""The production profile's Prometheus files: alert rules valid (`promtool check rules`), each alert
firing on made-up series and not on healthy ones (`promtool test rules`), and the rendered
Prometheus configuration valid (`promtool check config`) with every replica and action server."""

import subprocess

import pytest

from deploy.config import StackConfig, StackError, find_binary
from deploy.monitoring import ALERTS, PROMETHEUS_DIR, duration_s, prometheus_conf

ALERT_NAMES = {
    "ActionServerDown",
    "ReplicaDown",
    "NoTraffic",
    "ErrorRateHigh",
    "FallbackRateHigh",
    "LatencyP95OverBudget",
}


def promtool(*args: str) -> subprocess.CompletedProcess:
    try:
        binary = find_binary("promtool")
    except StackError as e:
        pytest.fail(f"{e} (promtool comes with Debian's prometheus package)")
    return subprocess.run([binary, *args], capture_output=True, text=True, cwd=PROMETHEUS_DIR, timeout=120)


def test_alert_rules_are_valid_and_name_every_alert():
    done = promtool("check", "rules", str(ALERTS))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{len(ALERT_NAMES)} rules found" in done.stdout
    text = ALERTS.read_text()
    assert all(f"alert: {name}\n" in text for name in ALERT_NAMES)


def test_each_alert_fires_on_its_fault_and_not_before():
    done = promtool("test", "rules", "alerts_test.yml")
    assert done.returncode == 0, done.stdout + done.stderr
    tested = (PROMETHEUS_DIR / "alerts_test.yml").read_text()
    assert all(f"alertname: {name}\n" in tested for name in ALERT_NAMES)


def test_the_rendered_prometheus_config_is_valid_and_scrapes_every_piece(tmp_path):
    cfg = StackConfig(replicas=3, rasa_metrics_ports=[9205, 9206, 9207], action_metrics_ports=[9255, 9256])
    cfg.prometheus_interval = "1s"
    conf = tmp_path / "prometheus.yml"
    conf.write_text(prometheus_conf(cfg))
    done = promtool("check", "config", str(conf))
    assert done.returncode == 0, done.stdout + done.stderr
    text = conf.read_text()
    assert all(f"'127.0.0.1:{p}'" in text for p in [9205, 9206, 9207, 9255, 9256])
    assert "scrape_timeout: 1000ms" in text  # never above the interval


@pytest.mark.parametrize("bad", ["", "0s", "fast", "15"])
def test_a_bad_interval_is_refused_with_a_clear_error(bad):
    with pytest.raises(StackError, match="interval"):
        duration_s(bad)


def test_every_metrics_port_comes_from_defaults_env_and_collides_with_none():
    from addons import settings
    from deploy.cli import parser

    values = settings.file_defaults()
    ports = {k: int(v) for k, v in values.items() if k.endswith("_PORT")}
    for key in ("RASA_METRICS_PORT", "TEST_RASA_METRICS_PORT", "PROD_PROMETHEUS_PORT"):
        assert key in ports
    assert len(set(ports.values())) == len(ports), ports
    cfg = StackConfig(replicas=2)
    cfg.fill_defaults()
    base_rasa, base_actions = (int(values[f"PROD_{k}_METRICS_BASE_PORT"]) for k in ("RASA", "ACTIONS"))
    assert cfg.rasa_metrics_ports == [base_rasa, base_rasa + 1]
    assert cfg.action_metrics_ports == [base_actions, base_actions + 1]
    assert cfg.prometheus_port == ports["PROD_PROMETHEUS_PORT"]
    taken = {*cfg.rasa_ports, *cfg.action_ports, cfg.public_port, cfg.actions_lb_port, cfg.redis_port}
    assert not taken & {*cfg.rasa_metrics_ports, *cfg.action_metrics_ports, cfg.prometheus_port}
    args = parser().parse_args(["up"])
    assert args.rasa_metrics_base_port == base_rasa and args.actions_metrics_base_port == base_actions
    assert args.prometheus_port == cfg.prometheus_port
    assert args.prometheus_interval == values["PROD_PROMETHEUS_INTERVAL"]


def test_free_port_configs_pick_their_own_metrics_ports():
    cfg = StackConfig.with_free_ports(replicas=2)
    chosen = [*cfg.rasa_metrics_ports, *cfg.action_metrics_ports, cfg.prometheus_port]
    assert len(chosen) == 5 and len(set(chosen)) == 5
