"""deploy/stack.py's command line: defaults from defaults.env, the run folder removed unless --keep."""

import stat

from addons import settings
from deploy.cli import parser, stack_from_args


def test_up_removes_its_run_folder_at_stop_unless_keep(tmp_path):
    for argv, kept in ((["up"], False), (["up", "--check"], False), (["up", "--keep"], True)):
        run_dir = tmp_path / "-".join(argv)
        stack = stack_from_args(parser().parse_args([*argv, "--run-dir", str(run_dir)]))
        assert stat.S_IMODE(run_dir.stat().st_mode) == 0o700
        stack.stop()  # nothing started: only the folder's fate is checked
        assert run_dir.exists() == kept, argv


def test_production_ports_and_limits_come_from_defaults_env(tmp_path):
    a = parser().parse_args(["up", "--run-dir", str(tmp_path / "run")])
    stack = stack_from_args(a)
    cfg = stack.cfg
    assert cfg.public_port == settings.get_int("PROD_PORT")
    assert cfg.rasa_ports == [settings.get_int("PROD_RASA_BASE_PORT") + i for i in range(cfg.replicas)]
    assert cfg.action_ports[0] == settings.get_int("PROD_ACTIONS_BASE_PORT")
    assert (cfg.actions_lb_port, cfg.redis_port) == (
        settings.get_int("PROD_ACTIONS_LB_PORT"),
        settings.get_int("PROD_REDIS_PORT"),
    )
    assert cfg.max_body_bytes == settings.get_int("MAX_BODY_BYTES")
    assert cfg.replicas == settings.get_int("PROD_REPLICAS")
    stack.stop()
