"""deploy/stack.py's command line: defaults from defaults.env, the run folder removed unless --keep."""

import stat
from pathlib import Path

from addons import settings
from deploy.cli import parser, stack_from_args
from deploy.config import StackConfig
from deploy.stack import Stack


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


def _outside(path: Path, run_dir: Path) -> bool:
    return run_dir.resolve() not in path.resolve().parents


def test_a_stopped_stack_leaves_no_event_store_folder_outside_its_run_folder(tmp_path):
    # as root the cluster lives in a postgres-owned folder of the temp dir, not in the run folder
    for argv in (["up"], ["up", "--check"], ["up", "--keep"]):
        run_dir = tmp_path / "-".join(argv)
        stack = stack_from_args(parser().parse_args([*argv, "--run-dir", str(run_dir)]))
        stack.stop()  # never started: nothing of it may stay behind, --keep or not
        home = stack.events.home
        assert not (home.exists() and _outside(home, run_dir)), (argv, home)


def test_a_started_event_store_is_removed_at_stop(tmp_path):
    stack = Stack(StackConfig.with_free_ports(replicas=1, run_dir=tmp_path / "run"))
    try:
        stack.events.start()
        assert (stack.events.data_dir / "PG_VERSION").is_file()
    finally:
        stack.stop()
    assert not stack.events.home.exists()
