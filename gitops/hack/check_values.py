#!/usr/bin/env python3
"""Our Helm values files against the charts' own default values.

  check_values.py SOURCES   (gitops/hack/chart-values-sources.txt; run from the repository root)

Every gitops/platform/*/values.yaml must parse. For the charts listed in SOURCES, every key we set must exist in the
chart's default values.yaml (taken from the Go module of the pinned version), unless the chart's default there is
an empty map or null, the key passes a Kubernetes object or raw config through, or the chart documents
it as a comment. Catches misspelt or moved keys, which Helm would silently ignore.

REQUIRED lists values that must be set whatever the chart's defaults are, each with the reason: a chart default that
is wrong for EKS or for our use (no check of a key's spelling finds a key that is missing).
"""
import glob
import json
import os
import re
import subprocess
import sys

import yaml


def module_dir(modver):
    env = dict(os.environ, GOTOOLCHAIN=os.environ.get("GITOPS_CRDS_GOTOOLCHAIN", "go1.27.3"))
    out = subprocess.run(["go", "mod", "download", "-json", modver], capture_output=True, text=True, env=env)
    info = json.loads(out.stdout or "{}")
    if out.returncode or info.get("Error"):
        sys.exit(f"error: go mod download {modver}: {info.get('Error') or out.stderr}")
    return info["Dir"]


# Keys whose content the chart passes through unchanged (Kubernetes objects, raw application config).
FREE_FORM = {"resources", "securityContext", "podSecurityContext", "containerSecurityContext", "affinity", "tolerations",
             "nodeSelector", "annotations", "podAnnotations", "labels", "podLabels", "env", "topologySpreadConstraints",
             "limits_config", "config"}


def unknown_keys(ours, defaults, raw, path=""):
    for key, value in ours.items():
        here = f"{path}.{key}" if path else key
        if key not in defaults:
            # Charts document optional keys as comments ("# minAvailable: 1"): accept a documented key.
            if not re.search(rf"^\s*#\s*{re.escape(key)}:", raw, re.M):
                yield here
        elif key in FREE_FORM:
            continue
        elif isinstance(value, dict) and isinstance(defaults[key], dict) and defaults[key]:
            yield from unknown_keys(value, defaults[key], raw, here)


KPS = "gitops/platform/prometheus-stack/values.yaml"
EKS_HIDDEN = "EKS runs it outside the cluster: nothing can scrape it and its absent() alert would page for ever"
REQUIRED = [
    (KPS, "kubeControllerManager.enabled", False, EKS_HIDDEN),
    (KPS, "kubeScheduler.enabled", False, EKS_HIDDEN),
    (KPS, "kubeEtcd.enabled", False, EKS_HIDDEN),
    (KPS, "kubeProxy.enabled", False, "EKS's kube-proxy serves its metrics on the node's loopback only"),
    (KPS, "defaultRules.rules.kubeControllerManager", False, EKS_HIDDEN),
    (KPS, "defaultRules.rules.kubeSchedulerAlerting", False, EKS_HIDDEN),
    (KPS, "defaultRules.rules.kubeSchedulerRecording", False, EKS_HIDDEN),
    (KPS, "defaultRules.rules.etcd", False, EKS_HIDDEN),
    (KPS, "defaultRules.rules.kubeProxy", False, EKS_HIDDEN),
    ("gitops/platform/loki/values.yaml", "loki.compactor.retention_enabled", True,
     "limits_config.retention_period deletes nothing unless the compactor applies retention"),
    ("gitops/platform/loki/values.yaml", "loki.compactor.delete_request_store", "filesystem",
     "Loki refuses compactor retention without a delete-request store (ours: the chunks' filesystem)"),
]


def required_values():
    for f, key, want, why in REQUIRED:
        node = yaml.safe_load(open(f)) or {}
        for part in key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if node != want:
            yield f"{f}: '{key}' must be {json.dumps(want)} (is {json.dumps(node)}): {why}"


def inline_values(values_file):
    found = []
    for app_file in sorted(glob.glob("gitops/platform/argocd/applications/*.yaml")):
        app = yaml.safe_load(open(app_file))
        if app.get("kind") != "Application":
            continue
        for src in app["spec"].get("sources") or []:
            helm = src.get("helm") or {}
            if f"$values/{values_file}" in (helm.get("valueFiles") or []) and helm.get("valuesObject"):
                found.append((f"{app_file} (valuesObject)", helm["valuesObject"]))
    return found


def main():
    problems, checked = [], 0
    for f in sorted(glob.glob("gitops/platform/**/values.yaml", recursive=True)):
        try:
            yaml.safe_load(open(f))
        except yaml.YAMLError as e:
            problems.append(f"{f}: not valid YAML: {e}")
    for line in open(sys.argv[1]):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        ours_file, modver, chart_values = line.split()
        raw = open(os.path.join(module_dir(modver), chart_values)).read()
        defaults = yaml.safe_load(raw) or {}
        # Values of a subchart live under its name (or alias): not checked key by key here.
        chart_yaml = os.path.join(module_dir(modver), os.path.dirname(chart_values), "Chart.yaml")
        for dep in (yaml.safe_load(open(chart_yaml)) or {}).get("dependencies") or [] if os.path.exists(chart_yaml) else []:
            defaults.setdefault(dep.get("alias") or dep["name"], {})
        # Our values file, and the environment values the Application sets inline (helm.valuesObject).
        for where, ours in [(ours_file, yaml.safe_load(open(ours_file)) or {})] + inline_values(ours_file):
            for key in unknown_keys(ours, defaults, raw):
                problems.append(f"{where}: '{key}' is not a value of the chart ({modver} {chart_values})")
        checked += 1
    problems += list(required_values())
    for p in problems:
        print(f"FAIL {p}")
    print(f"values: {len(glob.glob('gitops/platform/**/values.yaml', recursive=True))} values files parse, "
          f"{checked} checked key by key against the chart defaults, {len(REQUIRED)} required settings, "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
