"""Shared helpers of the observability checks (run from the repository root)."""
import pathlib
import re
import sys

import yaml

RULES_DIR = pathlib.Path("gitops/platform/prometheus-stack/alerts-and-dashboards")
RUNBOOK = pathlib.Path("docs/runbook.md")
SETTINGS = pathlib.Path("gitops/environments/dev/settings.env")
CATALOG = pathlib.Path("observability/metrics-catalog.txt")
SERVICES = ("order-service", "user-service", "notification-service")


def settings():
    out = {}
    for line in SETTINGS.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            out[key.strip()] = value.strip()
    return out


def runbook_base():
    """The runbook's address on the git host ArgoCD follows (settings.env), e.g. https://github.com/o/r/blob/main/docs/runbook.md."""
    s = settings()
    repo = re.sub(r"\.git$", "", s["git_repo_url"])
    return f"{repo}/blob/{s['git_revision']}/{RUNBOOK.as_posix()}"


def anchor(heading):
    """GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # links keep their text
    text = text.replace("`", "").replace("*", "").strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def runbook_anchors(path=RUNBOOK):
    """Every heading anchor of a Markdown file, with GitHub's -1, -2 suffixes for repeated headings."""
    anchors, seen, fenced = set(), {}, False
    for line in path.read_text().splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        m = None if fenced else re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if m:
            a = anchor(m.group(1))
            n = seen.get(a, 0)
            seen[a] = n + 1
            anchors.add(a if n == 0 else f"{a}-{n}")
    return anchors


def kustomization():
    return yaml.safe_load((RULES_DIR / "kustomization.yaml").read_text())


def prometheus_rules():
    """(file, PrometheusRule object) for every PrometheusRule the kustomization deploys."""
    out = []
    for res in kustomization().get("resources") or []:
        path = RULES_DIR / res
        for doc in yaml.safe_load_all(path.read_text()):
            if doc and doc.get("kind") == "PrometheusRule":
                out.append((path, doc))
    return out


def dashboards():
    """The dashboard JSON files the kustomization's configMapGenerator ships."""
    files = []
    for gen in kustomization().get("configMapGenerator") or []:
        for f in gen.get("files") or []:
            files.append(RULES_DIR / f.split("=", 1)[-1])
    return files


def catalog(path=CATALOG):
    """{metric name: source} from metrics-catalog.txt: `<source> <metric>` per line, '#' comments."""
    out, problems = {}, []
    for n, line in enumerate(path.read_text().splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != 2 or not re.match(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$", parts[1]):
            problems.append(f"{path}:{n}: expected '<source> <metric_name>', got {line!r}")
            continue
        out.setdefault(parts[1], set()).add(parts[0])
    return out, problems


def report(problems, ok):
    """Every problem on stderr and exit 1, or the one-line success message."""
    if problems:
        print("\n".join(f"error: {p}" for p in problems), file=sys.stderr)
        sys.exit(1)
    print(ok)
