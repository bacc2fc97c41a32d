#!/usr/bin/env python3
"""Checks on the rendered manifests that schemas cannot express.

  check_rendered.py RENDERED_DIR CRD_SOURCES

- every container image is <registry>/kubeflow-ops/<service>:<tag> with a real tag (or one of THIRD_PARTY_IMAGES);
- no string anywhere ends in ':latest' or '@latest';
- no placeholder (ECR_REGISTRY, CLUSTER_NAME, ...) is left unreplaced;
- each add-on Application pins the chart version whose CRDs gitops-check validates against;
- each Application's source repositories and destination are allowed by its AppProject (ArgoCD's own rules);
- operational rules (operational_problems): every Application, the root too, syncs automatically and retries; the
  bootstrap label is on the AppProjects and the root only (the root creates the rest, wave by wave); our containers
  request and limit ephemeral storage; our services keep their pods on different nodes; our PodDisruptionBudgets
  let a drain proceed (maxUnavailable); every Karpenter NodePool bounds a drain (terminationGracePeriod);
- wiring (wiring_problems): a service with DB_URL mounts its own login (<db_secret_prefix>/<service>) at
  DB_CREDENTIALS_DIR and may reach 5432; one with MAIL_TRANSPORT=ses has the hand-off's mail_from and
  ses_configuration_set, no SES_ENDPOINT, and may reach 443.
Exits 1 with one line per problem.
"""
import pathlib
import re
import sys
import urllib.parse

import yaml

SERVICES = ("order-service", "user-service", "notification-service")
IMAGE_RE = re.compile(r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?/kubeflow-ops/(%s):([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$"
                      % "|".join(SERVICES))
# The only other images our own manifests run: the database-roles Job's (official images through ECR Public, which
# has no Docker Hub pull limits). Its PostgreSQL client follows the RDS major (terraform/tests/stack_test.py).
THIRD_PARTY_IMAGES = {"public.ecr.aws/docker/library/python:3.13-alpine", "public.ecr.aws/docker/library/postgres:17-alpine"}
LATEST_RE = re.compile(r"[:@]latest$")
# Every placeholder that a kustomization replaces from gitops/environments/dev.
PLACEHOLDERS = re.compile(r"(?<![A-Za-z0-9_])(ECR_REGISTRY|RDS_ENDPOINT|REDIS_ENDPOINT|SQS_QUEUE_URL|AWS_REGION|"
                          r"RDS_MASTER_SECRET_ARN|RDS_HOST|DB_SECRET_PREFIX|REDIS_AUTH_SECRET_NAME|DOMAIN|CLUSTER_NAME|ACME_EMAIL|ROUTE53_ZONE_ID|"
                          r"GIT_REPO_URL|GIT_REVISION|KARPENTER_NODE_ROLE_NAME|KARPENTER_INTERRUPTION_QUEUE_NAME|"
                          r"OIDC_ISSUER|OIDC_JWKS_URI|MAIL_FROM|SES_CONFIGURATION_SET|[A-Z_]+_SECRET_ARN|[A-Z_]+_ROLE_ARN)(?![A-Za-z0-9_])")
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


def glob_regex(pattern, separator=None):
    """A glob as ArgoCD matches it (gobwas/glob): '*' stops at the separator, '**' does not, '?', [...], {a,b}."""
    any_char = f"[^{re.escape(separator)}]" if separator else "."
    out, i = "", 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**", i):
            out, i = out + ".*", i + 2
            continue
        if c == "*":
            out += any_char + "*"
        elif c == "?":
            out += any_char
        elif c == "[" and "]" in pattern[i:]:
            j = pattern.index("]", i)
            body = pattern[i + 1:j]
            out += "[" + ("^" + body[1:] if body.startswith("!") else body) + "]"
            i = j
        elif c == "{" and "}" in pattern[i:]:
            j = pattern.index("}", i)
            out += "(?:" + "|".join(glob_regex(a, separator) for a in pattern[i + 1:j].split(",")) + ")"
            i = j
        else:
            out += re.escape(c)
        i += 1
    return out


def argocd_glob(pattern, value, separator=None):
    """ArgoCD's globMatch with negation: '!p' matches what p does not match; '*' matches everything."""
    if pattern.startswith("!"):
        return not re.fullmatch(glob_regex(pattern[1:], separator), value)
    return pattern == "*" or bool(re.fullmatch(glob_regex(pattern, separator), value))


def normalize_git_url(url):
    """ArgoCD's git.NormalizeGitURL: lower case, scp-like SSH as ssh://, no '.git' suffix."""
    url = url.strip().lower()
    if re.match(r"^(ssh://)?([^/:]*?)@[^@]+$", url) and not url.startswith("ssh://"):
        url = "ssh://" + url.replace(":", "/", 1)
    url = url[:-4] if url.endswith(".git") else url
    return urllib.parse.urlsplit(url).geturl().removeprefix("ssh://")


def appproject_problems(rendered):
    """Every rendered Application may use its sources and destination under its AppProject, as ArgoCD decides it
    (AppProject.IsSourcePermitted / isDestinationMatched): otherwise ArgoCD refuses to sync it."""
    docs = [d for f in sorted(rendered.glob("*.yaml")) for d in yaml.safe_load_all(f.read_text()) if d]
    projects = {d["metadata"]["name"]: d.get("spec") or {} for d in docs if d.get("kind") == "AppProject"}
    problems = []
    for app in (d for d in docs if d.get("kind") == "Application"):
        name, spec = app["metadata"]["name"], app.get("spec") or {}
        project_name = spec.get("project") or "default"
        project = projects.get(project_name)
        if project is None:
            problems.append(f"Application {name}: AppProject {project_name} is not in the rendered manifests "
                            "(ArgoCD would refuse the Application)")
            continue
        repos = project.get("sourceRepos") or []
        for src in spec.get("sources") or [spec.get("source") or {}]:
            url = normalize_git_url(src.get("repoURL", ""))
            matched = False
            for pattern in repos:
                deny = pattern.startswith("!")
                normalized = ("!" if deny else "") + normalize_git_url(pattern.removeprefix("!"))
                if argocd_glob(normalized, url, "/"):
                    matched = True
                elif deny:
                    matched = False
                    break
            if not matched:
                problems.append(f"Application {name}: source repoURL {src.get('repoURL')} is not in "
                                f"AppProject {project_name} spec.sourceRepos: add it there (or fix the URL)")
        dest = spec.get("destination") or {}
        any_matched, denied = False, False
        for item in project.get("destinations") or []:
            name_ok = bool(dest.get("name")) and argocd_glob(item.get("name", ""), dest["name"])
            server_ok = bool(dest.get("server")) and argocd_glob(item.get("server", ""), dest["server"])
            ns_ok = argocd_glob(item.get("namespace", ""), dest.get("namespace", ""))
            if (server_ok or name_ok) and ns_ok:
                any_matched = True
            elif any(str(item.get(k, "")).startswith("!") and not ok
                     for k, ok in (("name", name_ok), ("server", server_ok), ("namespace", ns_ok))):
                denied = True
        if not any_matched or denied:
            where = dest.get("server") or f"cluster {dest.get('name')}"
            problems.append(f"Application {name}: destination namespace {dest.get('namespace')!r} on {where} is not "
                            f"allowed by AppProject {project_name} spec.destinations")
    return problems


OUR_NAMESPACE = "kubeflow-ops"
BOOTSTRAP = "kubeflow-ops/bootstrap"


def pod_spec(doc):
    spec = doc
    for p in POD_SPEC_PATHS.get(doc.get("kind"), ()):
        spec = (spec or {}).get(p)
    return spec or {}


def operational_problems(docs):
    problems = []
    bootstrap = set()
    for d in docs:
        kind, meta = d.get("kind"), d.get("metadata") or {}
        where = f"{kind} {meta.get('name')}"
        if (meta.get("labels") or {}).get(BOOTSTRAP) == "true":
            bootstrap.add(where)
        if kind == "Application":
            policy = d["spec"].get("syncPolicy") or {}
            if not policy.get("automated"):
                problems.append(f"{where}: no syncPolicy.automated: it would only sync by hand")
            if not (policy.get("retry") or {}).get("limit"):
                problems.append(f"{where}: no syncPolicy.retry: a failed sync (a CRD not there yet, a child not "
                                "healthy in time) stays failed until the next commit")
        if kind == "NodePool" and not d["spec"]["template"]["spec"].get("terminationGracePeriod"):
            problems.append(f"{where}: no spec.template.spec.terminationGracePeriod: a drain that a "
                            "PodDisruptionBudget refuses never ends (and a teardown hangs on it)")
        if meta.get("namespace") != OUR_NAMESPACE:
            continue
        if kind == "PodDisruptionBudget" and "maxUnavailable" not in d["spec"]:
            problems.append(f"{where}: use maxUnavailable: a minAvailable budget blocks every drain whenever the "
                            "pods are not more than it")
        if kind in ("Deployment", "StatefulSet"):
            spec = pod_spec(d)
            spread = any(t.get("topologyKey") == "kubernetes.io/hostname" and t.get("whenUnsatisfiable") ==
                         "DoNotSchedule" for t in spec.get("topologySpreadConstraints") or [])
            anti = any(t.get("topologyKey") == "kubernetes.io/hostname" for t in
                       ((spec.get("affinity") or {}).get("podAntiAffinity") or {})
                       .get("requiredDuringSchedulingIgnoredDuringExecution") or [])
            if not (spread or anti):
                problems.append(f"{where}: pods may share a node: add a kubernetes.io/hostname topology spread "
                                "with whenUnsatisfiable: DoNotSchedule")
            for c in (spec.get("initContainers") or []) + (spec.get("containers") or []):
                res = c.get("resources") or {}
                for part in ("requests", "limits"):
                    if "ephemeral-storage" not in (res.get(part) or {}):
                        problems.append(f"{where}: container {c.get('name')} has no ephemeral-storage in "
                                        f"resources.{part}")
    expected = {f"AppProject {d['metadata']['name']}" for d in docs if d.get("kind") == "AppProject"}
    expected.add("Application root")
    if bootstrap != expected:
        problems.append(f"label {BOOTSTRAP}=true must be on exactly the AppProjects and the root Application (the "
                        f"bootstrap applies those, the root the rest): found on {', '.join(sorted(bootstrap)) or 'none'}")
    return problems


# What each service's configuration must say it uses on AWS (DESIGN.md: one schema per service; mail via SES).
USES = {"user-service": {"DB_URL"}, "order-service": {"DB_URL"}, "notification-service": {"DB_URL", "MAIL_TRANSPORT"}}
HANDOFF_DIR = pathlib.Path(__file__).resolve().parents[1] / "environments" / "dev"


def env_values():
    """The dev hand-off and settings (gitops/environments/dev/*.env) the overlays replace placeholders from."""
    values = {}
    for f in ("handoff.env", "settings.env"):
        for line in (HANDOFF_DIR / f).read_text().splitlines():
            if line.strip() and not line.startswith("#") and "=" in line:
                k, v = line.split("=", 1)
                values[k] = v
    return values


def egress_allows(policies, labels, port):
    """Some NetworkPolicy that selects pods with these labels lets them open TCP connections to this port."""
    for np in policies:
        spec = np.get("spec") or {}
        selector = (spec.get("podSelector") or {}).get("matchLabels") or {}
        if not all(labels.get(k) == v for k, v in selector.items()):
            continue
        for rule in spec.get("egress") or []:
            if any(p.get("port") == port and p.get("protocol", "TCP") == "TCP" for p in rule.get("ports") or []):
                return True
    return False


def wiring_problems(docs, values):
    """Each service is wired for what its configuration says it uses: a service with DB_URL reads its own database
    login (<db_secret_prefix>/<service>, files in DB_CREDENTIALS_DIR, user-service's pattern) and may reach 5432; a
    service with MAIL_TRANSPORT=ses sends as the hand-off's sender, with its configuration set, and may reach 443."""
    ours = [d for d in docs if (d.get("metadata") or {}).get("namespace") == OUR_NAMESPACE]
    configmaps = {d["metadata"]["name"]: d.get("data") or {} for d in ours if d.get("kind") == "ConfigMap"}
    secrets = {((d["spec"].get("target") or {}).get("name") or d["metadata"]["name"]): d
               for d in ours if d.get("kind") == "ExternalSecret"}
    policies = [d for d in ours if d.get("kind") == "NetworkPolicy"]
    problems = []
    for d in (d for d in ours if d.get("kind") == "Deployment" and d["metadata"]["name"] in SERVICES):
        service, spec = d["metadata"]["name"], pod_spec(d)
        labels = d["spec"]["template"]["metadata"].get("labels") or {}
        for c in spec.get("containers") or []:
            env = {}
            for ref in c.get("envFrom") or []:
                env.update(configmaps.get((ref.get("configMapRef") or {}).get("name"), {}))
            env.update({e["name"]: e.get("value") for e in c.get("env") or [] if "value" in e})
            where = f"Deployment {service}, container {c['name']}"
            for key in sorted(USES.get(service, set()) - set(env)):
                problems.append(f"{where}: no {key} in its configuration (config/service.env)")
            if "MAIL_TRANSPORT" in USES.get(service, set()) and env.get("MAIL_TRANSPORT", "ses") != "ses":
                problems.append(f"{where}: MAIL_TRANSPORT must be ses on AWS, not {env['MAIL_TRANSPORT']!r}")
            if "DB_URL" in env:
                problems += db_login_problems(where, service, spec, c, env, secrets, values)
                if not egress_allows(policies, labels, 5432):
                    problems.append(f"{where}: has DB_URL, but no NetworkPolicy lets it reach PostgreSQL (TCP 5432)")
            if env.get("MAIL_TRANSPORT") == "ses":
                for key, handoff in (("MAIL_FROM", "mail_from"), ("SES_CONFIGURATION_SET", "ses_configuration_set")):
                    if env.get(key) != values.get(handoff):
                        problems.append(f"{where}: {key} is {env.get(key)!r}, not the hand-off's {handoff} "
                                        f"{values.get(handoff)!r} (replace it in the overlay)")
                if env.get("SES_ENDPOINT"):
                    problems.append(f"{where}: SES_ENDPOINT must be empty on AWS (it is {env['SES_ENDPOINT']!r})")
                if not egress_allows(policies, labels, 443):
                    problems.append(f"{where}: sends through SES, but no NetworkPolicy lets it reach HTTPS (TCP 443)")
    return problems


def db_login_problems(where, service, spec, container, env, secrets, values):
    creds = env.get("DB_CREDENTIALS_DIR")
    if not creds:
        return [f"{where}: has DB_URL but no DB_CREDENTIALS_DIR (mount its database login as files)"]
    mount = next((m for m in container.get("volumeMounts") or [] if m.get("mountPath") == creds), None)
    volume = next((v for v in spec.get("volumes") or [] if mount and v.get("name") == mount.get("name")), None)
    secret = ((volume or {}).get("secret") or {}).get("secretName")
    if not secret:
        return [f"{where}: no Secret volume mounted at DB_CREDENTIALS_DIR {creds}"]
    es = secrets.get(secret)
    if es is None:
        return [f"{where}: the Secret {secret} mounted at {creds} is not the target of an ExternalSecret"]
    want = f"{values.get('db_secret_prefix')}/{service}"
    reads = {(x["remoteRef"].get("key"), x["remoteRef"].get("property")) for x in es["spec"].get("data") or []}
    if reads != {(want, "username"), (want, "password")}:
        return [f"{where}: ExternalSecret {es['metadata']['name']} must read username and password of the "
                f"service's own login {want}, reads {sorted(reads)}"]
    return []


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
                        if not IMAGE_RE.match(c.get("image", "")) and c.get("image") not in THIRD_PARTY_IMAGES:
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
    problems += appproject_problems(rendered)
    docs = [d for f in sorted(rendered.glob("*.yaml")) for d in yaml.safe_load_all(f.read_text()) if d]
    problems += operational_problems(docs)
    problems += wiring_problems(docs, env_values())
    for p in problems:
        print(f"FAIL {p}")
    print(f"rendered checks: {images} container images, {len(apps)} chart Applications, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
