#!/usr/bin/env python3
"""Checks on the rendered manifests that schemas cannot express.

  check_rendered.py RENDERED_DIR CRD_SOURCES

- every container image is <registry>/kubeflow-ops/<service>:<tag> with a real tag;
- no string anywhere ends in ':latest' or '@latest';
- no placeholder (ECR_REGISTRY, CLUSTER_NAME, ...) is left unreplaced;
- each add-on Application pins the chart version whose CRDs gitops-check validates against.
Exits 1 with one line per problem.
"""
import pathlib
import re
import sys

import yaml

SERVICES = ("order-service", "user-service", "notification-service")
IMAGE_RE = re.compile(r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?/kubeflow-ops/(%s):([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$"
                      % "|".join(SERVICES))
LATEST_RE = re.compile(r"[:@]latest$")
# Every placeholder that a kustomization replaces from gitops/environments/dev.
PLACEHOLDERS = re.compile(r"(?<![A-Za-z0-9_])(ECR_REGISTRY|RDS_ENDPOINT|REDIS_ENDPOINT|SQS_QUEUE_URL|AWS_REGION|"
                          r"RDS_MASTER_SECRET_ARN|REDIS_AUTH_SECRET_NAME|DOMAIN|CLUSTER_NAME|ACME_EMAIL|ROUTE53_ZONE_ID|"
                          r"GIT_REPO_URL|GIT_REVISION|KARPENTER_NODE_ROLE_NAME|KARPENTER_INTERRUPTION_QUEUE_NAME|"
                          r"[A-Z_]+_ROLE_ARN)(?![A-Za-z0-9_])")
POD_SPEC_PATHS = {
    "Pod": ("spec",), "Deployment": ("spec", "template", "spec"), "StatefulSet": ("spec", "template", "spec"),
    "DaemonSet": ("spec", "template", "spec"), "ReplicaSet": ("spec", "template", "spec"),
    "Job": ("spec", "template", "spec"), "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
}


def strings(node, path=""):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from strings(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from strings(v, f"{path}[{i}]")
    elif isinstance(node, str):
        yield path, node


def main():
    rendered, crd_sources = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    problems, images, apps = [], 0, {}
    for f in sorted(rendered.glob("*.yaml")):
        for doc in yaml.safe_load_all(f.read_text()):
            if not doc:
                continue
            where = f"{f.name}: {doc.get('kind')}/{doc.get('metadata', {}).get('name')}"
            for path, value in strings(doc):
                # The policy that refuses 'latest' has to name it.
                if LATEST_RE.search(value) and doc.get("kind") not in ("ValidatingPolicy", "ClusterPolicy"):
                    problems.append(f"{where}: '{value}' at {path} uses 'latest'")
                m = PLACEHOLDERS.search(value)
                if m:
                    problems.append(f"{where}: placeholder {m.group(1)} left unreplaced at {path}")
            spec_path = POD_SPEC_PATHS.get(doc.get("kind"))
            if spec_path:
                spec = doc
                for p in spec_path:
                    spec = (spec or {}).get(p)
                for kind in ("initContainers", "containers", "ephemeralContainers"):
                    for c in (spec or {}).get(kind) or []:
                        images += 1
                        if not IMAGE_RE.match(c.get("image", "")):
                            problems.append(f"{where}: image '{c.get('image')}' of container {c.get('name')} is not "
                                            "<registry>/kubeflow-ops/<service>:<tag>")
            if doc.get("kind") == "Application":
                for src in doc["spec"].get("sources") or [doc["spec"].get("source") or {}]:
                    if src.get("chart"):
                        apps[doc["metadata"]["name"]] = f"{src['chart']}@{src.get('targetRevision')}"
    for line in crd_sources.read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, modver, _glob, pin = line.split()
        app, chart = pin.split(":", 1)
        if apps.get(app) != chart:
            problems.append(f"Application {app} pins {apps.get(app)}, but the CRDs checked are those of {chart} "
                            f"({modver}, gitops/hack/crd-sources.txt): change both together")
    if images == 0:
        problems.append("no container image found in the rendered manifests")
    for p in problems:
        print(f"FAIL {p}")
    print(f"rendered checks: {images} container images, {len(apps)} chart Applications, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
