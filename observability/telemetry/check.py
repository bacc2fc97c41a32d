#!/usr/bin/env python3
"""Offline checks of the telemetry pipeline and of the alert routing, with the upstream programs' own loaders.
Run from the repository root, with otelcol-check / alertmanager-check on PATH (`make tools`).

  check.py otelcol OUT_DIR       the collector configuration the opentelemetry-collector chart renders from our
                                 values, checked by `otelcol-check validate`; then every overlay in broken/otelcol-*
                                 must make it fail
  check.py alertmanager OUT_DIR  alertmanager.config from the kube-prometheus-stack values, loaded by
                                 alertmanager-check (Alertmanager's config package) with the routing tests of
                                 alert-routing.yaml; then every broken/alertmanager-* overlay and every
                                 broken/alert-routing-* test file must make it fail

A broken fixture is a values overlay (merged over our values as `helm -f ours.yaml -f fixture.yaml` would) or,
for routing, a test file. Its first line is `# expect: TEXT`: the check must fail and print TEXT.
"""
import copy
import os
import pathlib
import shutil
import subprocess
import sys

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
import obslib  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent
BROKEN = HERE / "broken"

OTEL_VALUES = pathlib.Path("gitops/platform/opentelemetry-collector/values.yaml")
OTEL_APP = pathlib.Path("gitops/platform/argocd/applications/opentelemetry-collector.yaml")
PROM_VALUES = pathlib.Path("gitops/platform/prometheus-stack/values.yaml")
ALERT_SECRETS = pathlib.Path("gitops/platform/alertmanager")
ROUTING_TESTS = HERE / "alert-routing.yaml"

# ---- The opentelemetry-collector chart, as far as our agent uses it ---------------------------------------------
# A mirror of what the chart's templates/_config.tpl does with `config` in daemonset mode for the two presets we
# enable (logsCollection with storeCheckpoints, kubernetesAttributes), and of the chart's default `config`. It
# must be re-read when the chart pin moves: CHART_VERSION has to equal the Application's targetRevision.
# Assumed, as our values are: the presets keep the names filelog and k8sattributes (presets.useCanonicalNames off)
# and the chart does not rename components (collector 0.165 takes both the old names and file_log, otlp_grpc, ...).
CHART_VERSION = "0.182.0"
CHART_NAME = "opentelemetry-collector"
CHART_DEFAULT_CONFIG = """
exporters:
  debug: {}
extensions:
  health_check: {endpoint: "${env:MY_POD_IP}:13133"}
processors:
  batch: {}
  memory_limiter: {check_interval: 5s, limit_percentage: 80, spike_limit_percentage: 25}
receivers:
  jaeger:
    protocols:
      grpc: {endpoint: "${env:MY_POD_IP}:14250"}
      thrift_compact: {endpoint: "${env:MY_POD_IP}:6831"}
      thrift_http: {endpoint: "${env:MY_POD_IP}:14268"}
  otlp:
    protocols:
      grpc: {endpoint: "${env:MY_POD_IP}:4317"}
      http: {endpoint: "${env:MY_POD_IP}:4318"}
  prometheus:
    config:
      scrape_configs:
        - job_name: opentelemetry-collector
          scrape_interval: 10s
          static_configs: [{targets: ["${env:MY_POD_IP}:8888"]}]
  zipkin: {endpoint: "${env:MY_POD_IP}:9411"}
service:
  extensions: [health_check]
  pipelines:
    logs: {exporters: [debug], processors: [memory_limiter, batch], receivers: [otlp]}
    metrics: {exporters: [debug], processors: [memory_limiter, batch], receivers: [otlp, prometheus]}
    traces: {exporters: [debug], processors: [memory_limiter, batch], receivers: [otlp, jaeger, zipkin]}
  telemetry:
    metrics:
      readers: [{pull: {exporter: {prometheus: {host: "${env:MY_POD_IP}", port: 8888}}}}]
    resource:
      host.name: "${env:OTEL_K8S_NODE_NAME}"
      k8s.namespace.name: "${env:OTEL_K8S_NAMESPACE}"
      k8s.node.ip: "${env:OTEL_K8S_NODE_IP}"
      k8s.node.name: "${env:OTEL_K8S_NODE_NAME}"
      k8s.pod.ip: "${env:OTEL_K8S_POD_IP}"
      k8s.pod.name: "${env:OTEL_K8S_POD_NAME}"
"""
# The environment the chart gives the collector container (values for a sample pod).
POD_ENV = {"MY_POD_IP": "10.0.1.23", "K8S_NODE_NAME": "ip-10-0-1-5.eu-west-1.compute.internal",
           "OTEL_K8S_NODE_NAME": "ip-10-0-1-5.eu-west-1.compute.internal", "OTEL_K8S_NODE_IP": "10.0.1.5",
           "OTEL_K8S_NAMESPACE": "monitoring", "OTEL_K8S_POD_NAME": "otel-collector-agent-abcde",
           "OTEL_K8S_POD_IP": "10.0.1.23", "GOMEMLIMIT": "429MiB"}
# The host folder the logsCollection preset mounts for its checkpoints (hostPath, DirectoryOrCreate).
CHECKPOINT_DIR = "/var/lib/otelcol"
# Processors the collector image has but otelcol-check cannot: their module is not published for this
# collector release on the module proxy. Each keeps its place in the pipelines as a `batch` stand-in.
NOT_BUILT = {"k8sattributes": "github.com/open-telemetry/opentelemetry-collector-contrib/processor/"
                              "k8sattributesprocessor is not on the module proxy for this collector release"}


def logs_collection_preset(values, namespace):
    preset = values.get("presets", {}).get("logsCollection", {})
    fullname = values.get("fullnameOverride") or f"otel-collector-{CHART_NAME}"
    config = {"receivers": {"filelog": {
        "include": ["/var/log/pods/*/*/*.log"],
        "exclude": [] if preset.get("includeCollectorLogs") else
        [f"/var/log/pods/{namespace}_{fullname}*_*/{CHART_NAME}/*.log"],
        "start_at": "end",
        "retry_on_failure": {"enabled": True},
        "include_file_path": True,
        "include_file_name": False,
        "operators": [{"type": "container", "id": "container-parser",
                       "max_log_size": preset.get("maxRecombineLogSize", 102400)}],
    }}}
    if preset.get("storeCheckpoints"):
        config["extensions"] = {"file_storage": {"directory": CHECKPOINT_DIR}}
        config["receivers"]["filelog"]["storage"] = "file_storage"
    return config


KUBERNETES_ATTRIBUTES_PRESET = {"processors": {"k8sattributes": {
    "filter": {"node_from_env_var": "K8S_NODE_NAME"},
    "passthrough": False,
    "pod_association": [{"sources": [{"from": "resource_attribute", "name": "k8s.pod.ip"}]},
                        {"sources": [{"from": "resource_attribute", "name": "k8s.pod.uid"}]},
                        {"sources": [{"from": "connection"}]}],
    "extract": {"metadata": ["k8s.namespace.name", "k8s.deployment.name", "k8s.statefulset.name",
                             "k8s.daemonset.name", "k8s.cronjob.name", "k8s.job.name", "k8s.node.name",
                             "k8s.pod.name", "k8s.pod.uid", "k8s.pod.start_time"]},
}}}


def merge_files(dst, src):
    """Helm's merge of several values files (`-f a -f b`): maps merge, anything else (null too) replaces."""
    for k, v in src.items():
        if isinstance(v, dict) and isinstance(dst.get(k), dict):
            merge_files(dst[k], v)
        else:
            dst[k] = copy.deepcopy(v)
    return dst


def merge_values(dst, src):
    """Helm's merge of the user's values into the chart's defaults: maps merge, a null removes the key, the rest
    replaces."""
    for k, v in src.items():
        if v is None:
            dst.pop(k, None)
        elif isinstance(v, dict) and isinstance(dst.get(k), dict):
            merge_values(dst[k], v)
        else:
            dst[k] = copy.deepcopy(v)
    return dst


def merge_overwrite(dst, src):
    """sprig's mustMergeOverwrite (how the chart lays `config` over a preset; mergo WithOverride): maps merge,
    src replaces, except that an empty src value (false, 0, "", [], {}) leaves a value dst has."""
    for k, v in src.items():
        if isinstance(v, dict) and isinstance(dst.get(k), dict):
            merge_overwrite(dst[k], v)
        elif k not in dst or dst[k] in (None, False, 0, "", [], {}) or v not in (None, False, 0, "", [], {}):
            dst[k] = copy.deepcopy(v)
    return dst


def user_values(path, overlays):
    """Our values file with the overlays on top (`helm -f path -f overlay...`); nulls are kept for the chart merge."""
    values = yaml.safe_load(path.read_text()) or {}
    for overlay in overlays:
        values = merge_files(values, yaml.safe_load(overlay.read_text()) or {})
    return values


def chart_config(values, namespace):
    """The collector configuration the chart renders into its ConfigMap (daemonset mode, our presets)."""
    config = merge_values(yaml.safe_load(CHART_DEFAULT_CONFIG), values.get("config") or {})
    presets = values.get("presets", {})
    if presets.get("logsCollection", {}).get("enabled"):
        base = {"service": {"pipelines": {"logs": {"receivers": []}}}}
        config = merge_overwrite(merge_overwrite(base, logs_collection_preset(values, namespace)), config)
        logs = config["service"]["pipelines"]["logs"]
        logs["receivers"] = list(dict.fromkeys(logs["receivers"] + ["filelog"]))
        if presets["logsCollection"].get("storeCheckpoints"):
            extensions = config["service"].get("extensions") or []
            config["service"]["extensions"] = list(dict.fromkeys(extensions + ["file_storage"]))
    if presets.get("kubernetesAttributes", {}).get("enabled"):
        config = merge_overwrite(copy.deepcopy(KUBERNETES_ATTRIBUTES_PRESET), config)
        for pipeline in config["service"]["pipelines"].values():
            processors = pipeline.setdefault("processors", [])
            if "k8sattributes" not in processors:
                processors.insert(0, "k8sattributes")
    return config


def offline(config, root):
    """What differs on this machine: processors we cannot build are stood in, and the checkpoint hostPath is a
    folder under ROOT. Returns notes to print."""
    notes = []
    for name in list(config.get("processors") or {}):
        kind = name.split("/", 1)[0]
        if kind not in NOT_BUILT:
            continue
        stand_in = f"batch/stand-in-for-{name.replace('/', '-')}"
        config["processors"].pop(name)
        config["processors"][stand_in] = {}
        for pipeline in config["service"]["pipelines"].values():
            pipeline["processors"] = [stand_in if p == name else p for p in pipeline.get("processors") or []]
        notes.append(f"processor {name} is NOT validated ({NOT_BUILT[kind]}); its place in the pipelines is "
                     f"held by {stand_in}")
    for name, ext in (config.get("extensions") or {}).items():
        if name.split("/", 1)[0] == "file_storage" and (ext or {}).get("directory") == CHECKPOINT_DIR:
            ext["directory"] = str(root / CHECKPOINT_DIR.lstrip("/"))
            pathlib.Path(ext["directory"]).mkdir(parents=True, exist_ok=True)
            notes.append(f"extension {name}: the hostPath {CHECKPOINT_DIR} is {ext['directory']} here")
    return notes


def run(cmd, env=None):
    result = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return result.returncode, result.stdout


def expect_failure(fixture, rc, output):
    """A broken fixture passes when the check failed and said what its `# expect:` line says."""
    first = fixture.read_text().splitlines()[0]
    if not first.startswith("# expect: "):
        return f"{fixture}: first line must be '# expect: TEXT'"
    expected = first[len("# expect: "):].strip()
    if rc == 0:
        return f"{fixture}: the check passed, but this fixture is broken on purpose (expected: {expected})"
    if expected not in output:
        return f"{fixture}: the check failed, but not with '{expected}':\n{output}"
    print(f"ok   {os.path.relpath(fixture)}: refused ({expected})")
    return None


def tool(name):
    path = shutil.which(name)
    if not path:
        sys.exit(f"error: {name} is not on PATH (run through make, after `make tools`)")
    return path


# ---- otelcol ---------------------------------------------------------------------------------------------------
def otelcol_validate(out, overlays):
    app = yaml.safe_load(OTEL_APP.read_text())
    chart = next(s for s in app["spec"]["sources"] if s.get("chart") == CHART_NAME)
    if chart["targetRevision"] != CHART_VERSION:
        sys.exit(f"error: {OTEL_APP} pins chart {chart['targetRevision']}, but observability/telemetry/check.py "
                 f"mirrors the presets of {CHART_VERSION}: re-read the chart's templates/_config.tpl and values.yaml, "
                 "update the mirror and CHART_VERSION")
    values = user_values(OTEL_VALUES, overlays)
    if values.get("mode") != "daemonset":
        sys.exit(f"error: {OTEL_VALUES}: the mirror covers mode daemonset only, not {values.get('mode')}")
    config = chart_config(values, app["spec"]["destination"]["namespace"])
    out.mkdir(parents=True, exist_ok=True)
    (out / "rendered.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    notes = offline(config, (out / "host").resolve())
    (out / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    # Exactly the container's environment: a variable the chart does not set is empty, as in the pod.
    rc, output = run([tool("otelcol-check"), "validate", f"--config={out / 'config.yaml'}"], env=POD_ENV)
    if rc == 0:
        # validate ignores unknown keys inside log operators; this decodes them again, strictly.
        rc, output = run([tool("otelcol-check"), "operators", f"--config={out / 'config.yaml'}"], env=POD_ENV)
    return rc, output, notes


def cmd_otelcol(out):
    rc, output, notes = otelcol_validate(out / "ours", [])
    version = run([tool("otelcol-check"), "--version"])[1].strip()
    for note in notes:
        print(f"note: {note}")
    if rc != 0:
        print(output, file=sys.stderr)
        sys.exit(f"error: {OTEL_VALUES}: the collector refuses the configuration the chart renders from it "
                 f"({out / 'ours/rendered.yaml'})")
    print(f"{version}: validate accepts {out / 'ours/config.yaml'} "
          f"(chart {CHART_VERSION} defaults + presets + {OTEL_VALUES}); {output.strip()}")
    fixtures = sorted(BROKEN.glob("otelcol-*.yaml"))
    problems = [p for f in fixtures if (p := expect_failure(f, *otelcol_validate(out / f.stem, [f])[:2]))]
    obslib.report(problems, f"otelcol: {len(fixtures)} broken fixture(s) refused")


# ---- alertmanager ----------------------------------------------------------------------------------------------
TEMPLATE_DIR = "/etc/alertmanager/config"  # where the operator mounts alertmanager.templateFiles


def secret_keys():
    """Secret name -> keys, for every Secret an ExternalSecret in gitops/platform/alertmanager writes."""
    keys = {}
    for f in sorted(ALERT_SECRETS.glob("*.yaml")):
        for doc in yaml.safe_load_all(f.read_text()):
            if doc and doc.get("kind") == "ExternalSecret":
                target = doc["spec"].get("target", {}).get("name") or doc["metadata"]["name"]
                keys[target] = {d["secretKey"] for d in doc["spec"].get("data") or []}
    return keys


def file_refs(node, path=""):
    """(path, value) of every *_file key (files Alertmanager reads at notification time)."""
    if isinstance(node, dict):
        for k, v in node.items():
            if isinstance(v, str) and k.endswith("_file"):
                yield f"{path}.{k}", v
            else:
                yield from file_refs(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from file_refs(v, f"{path}[{i}]")


def alertmanager_config(out, overlays):
    """Write alertmanager.yaml and its template files as the pod sees them; check every *_file reference."""
    values = user_values(PROM_VALUES, overlays)["alertmanager"]
    config = copy.deepcopy(values["config"])
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.tmpl"):
        old.unlink()
    for name, body in (values.get("templateFiles") or {}).items():
        (out / name).write_text(body)
    problems = []
    templates = []
    for glob in config.get("templates") or []:
        if os.path.dirname(glob) != TEMPLATE_DIR:
            problems.append(f"templates: {glob} is not under {TEMPLATE_DIR}, where templateFiles are mounted")
        templates.append(str(out.resolve() / os.path.basename(glob)))  # a relative one is taken from the file's folder
    config["templates"] = templates
    # The files do not exist here: each must be a key of a Secret that alertmanagerSpec mounts at its folder.
    spec = values.get("alertmanagerSpec") or {}
    volumes = {v["name"]: v for v in spec.get("volumes") or []}
    mounts = {m["mountPath"].rstrip("/"): volumes.get(m["name"], {}) for m in spec.get("volumeMounts") or []}
    keys = secret_keys()
    for path, ref in file_refs(values["config"], "alertmanager.config"):
        secret = (mounts.get(os.path.dirname(ref)) or {}).get("secret", {}).get("secretName")
        if not secret:
            problems.append(f"{path}: {ref} is in no Secret volume that alertmanagerSpec.volumeMounts mounts")
        elif os.path.basename(ref) not in keys.get(secret, set()):
            problems.append(f"{path}: Secret {secret} gets no key {os.path.basename(ref)} from an ExternalSecret "
                            f"in {ALERT_SECRETS} (keys: {', '.join(sorted(keys.get(secret, []))) or 'none'})")
    (out / "alertmanager.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    return problems


def alertmanager_run(out, overlays=(), cases=ROUTING_TESTS):
    problems = alertmanager_config(out, list(overlays))
    if problems:
        return 1, "\n".join(problems)
    return run([tool("alertmanager-check"), "-cases", str(cases), str(out / "alertmanager.yaml")])


def cmd_alertmanager(out):
    rc, output = alertmanager_run(out / "ours")
    print(output, end="" if output.endswith("\n") else "\n")
    if rc != 0:
        sys.exit(f"error: {PROM_VALUES}: alertmanager.config or {ROUTING_TESTS} fails (see above)")
    overlays = sorted(BROKEN.glob("alertmanager-*.yaml"))
    routing = sorted(BROKEN.glob("alert-routing-*.yaml"))
    problems = [p for f in overlays if (p := expect_failure(f, *alertmanager_run(out / f.stem, [f])))]
    problems += [p for f in routing if (p := expect_failure(f, *alertmanager_run(out / f.stem, cases=f)))]
    obslib.report(problems, f"alertmanager: {len(overlays) + len(routing)} broken fixture(s) refused")


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("otelcol", "alertmanager"):
        sys.exit(__doc__)
    out = pathlib.Path(sys.argv[2])
    {"otelcol": cmd_otelcol, "alertmanager": cmd_alertmanager}[sys.argv[1]](out)


if __name__ == "__main__":
    main()
