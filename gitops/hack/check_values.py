#!/usr/bin/env python3
"""Our Helm values files against the charts' own default values.

  check_values.py SOURCES   (gitops/hack/chart-values-sources.txt; run from the repository root)

Every gitops/platform/*/values.yaml must parse. For the charts listed in SOURCES, every key we set must exist in the
chart's default values.yaml (taken from the Go module of the pinned version), unless the chart's default there is
an empty map or null, the key passes a Kubernetes object or raw config through, or the chart documents
it as a comment. Catches misspelt or moved keys, which Helm would silently ignore.
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
        # Our values file, and the environment values the Application sets inline (helm.valuesObject).
        for where, ours in [(ours_file, yaml.safe_load(open(ours_file)) or {})] + inline_values(ours_file):
            for key in unknown_keys(ours, defaults, raw):
                problems.append(f"{where}: '{key}' is not a value of the chart ({modver} {chart_values})")
        checked += 1
    for p in problems:
        print(f"FAIL {p}")
    print(f"values: {len(glob.glob('gitops/platform/**/values.yaml', recursive=True))} values files parse, "
          f"{checked} checked key by key against the chart defaults, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
