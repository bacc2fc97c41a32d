#!/usr/bin/env python3
"""The observability checks that promtool does not do by itself (run from the repository root).

  check.py rules OUT_DIR             write the .spec of every deployed PrometheusRule to OUT_DIR/<name>.yaml (for
                                     promtool) and lint the rules: alert labels and annotations, runbook links that
                                     resolve to a heading of docs/runbook.md, recording rule names, unlisted files
  check.py coverage TEST_DIR         every alert rule has a unit test that sees it fire and one (a test of its
                                     own input series) that never sees it fire
  check.py dashboards OUT_FILE       dashboard JSON: parses, unique uid, datasource by a uid that exists, variables;
                                     the SRE overview shows cluster health and rate, errors, duration per service;
                                     every PromQL expr (Grafana variables substituted) written to OUT_FILE as a
                                     recording rule for `promtool check rules`
  check.py exprs OUT_FILE            every PromQL expression of rules and dashboards as JSON, for promql-names
  check.py catalog NAMES_FILE        every metric promql-names found is in observability/metrics-catalog.txt (for
                                     the service its job="..." names, if any) or is recorded by our own rules
Each exits 1 with one line per problem.
"""
import json
import pathlib
import re
import sys

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import obslib  # noqa: E402

SEVERITIES = {"page", "ticket"}
RECORD_NAME = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z0-9_]+:[a-zA-Z0-9_]+$")  # level:metric:operations
# Sloth's one recording rule outside that scheme: an info series (value 1) that carries each SLO's spec metadata.
SLOTH_INFO = "sloth_slo_info"
MIN_SCHEMA_VERSION = 39
# Grafana's built-in variables, replaced by a value of the right kind before PromQL is parsed.
BUILTIN_VARS = {"__rate_interval": "5m", "__interval": "1m", "__range": "1d", "__range_s": "86400",
                "__interval_ms": "60000", "__range_ms": "86400000"}
# The uid of the Prometheus data source kube-prometheus-stack provisions in Grafana, unless our values override it
# (grafana.sidecar.datasources.uid; chart default "prometheus").
CHART_PROMETHEUS_UID = "prometheus"
VALUES = pathlib.Path("gitops/platform/prometheus-stack/values.yaml")


def rule_groups():
    """(file, rule object name, group, rule) for every rule the kustomization deploys."""
    for path, obj in obslib.prometheus_rules():
        for group in (obj.get("spec") or {}).get("groups") or []:
            for rule in group.get("rules") or []:
                yield path, obj["metadata"]["name"], group, rule


def cmd_rules(out_dir):
    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    problems, names = [], set()
    listed = {(obslib.RULES_DIR / r).resolve() for r in obslib.kustomization().get("resources") or []}
    for f in sorted(obslib.RULES_DIR.glob("*.yaml")):
        if f.name == "kustomization.yaml" or f.resolve() in listed:
            continue
        if any(d and d.get("kind") == "PrometheusRule" for d in yaml.safe_load_all(f.read_text())):
            problems.append(f"{f}: a PrometheusRule that kustomization.yaml does not list (it would never be deployed)")
    for path, obj in obslib.prometheus_rules():
        name = obj["metadata"]["name"]
        if name in names:
            problems.append(f"{path}: PrometheusRule name {name} is used twice")
        names.add(name)
        (out / f"{name}.yaml").write_text(yaml.safe_dump(obj.get("spec") or {}, sort_keys=False))
    base, anchors = obslib.runbook_base(), obslib.runbook_anchors()
    alerts = records = 0
    for path, obj, group, rule in rule_groups():
        where = f"{path}: group {group.get('name')}"
        if "record" in rule:
            records += 1
            if not RECORD_NAME.match(rule["record"]) and rule["record"] != SLOTH_INFO:
                problems.append(f"{where}: recording rule {rule['record']} is not named level:metric:operations")
            continue
        alerts += 1
        where = f"{where}: alert {rule.get('alert')}"
        labels, ann = rule.get("labels") or {}, rule.get("annotations") or {}
        # Sloth's multi-window alerts have no `for:` by design: a burn must show in the short window and the long one
        # at once, which is what keeps a single bad scrape from paging. Every other alert needs one.
        if not rule.get("for") and "sloth_severity" not in labels:
            problems.append(f"{where}: no `for:` (a single bad scrape would page)")
        if labels.get("severity") not in SEVERITIES:
            problems.append(f"{where}: label severity is {labels.get('severity')!r}, not one of {sorted(SEVERITIES)}")
        for key in ("summary", "description", "runbook_url"):
            if not str(ann.get(key) or "").strip():
                problems.append(f"{where}: annotation {key} is missing or empty")
        url = str(ann.get("runbook_url") or "")
        if url:
            page, _, frag = url.partition("#")
            if page != base:
                problems.append(f"{where}: runbook_url {url} does not point at {base} (git_repo_url/git_revision "
                                f"in {obslib.SETTINGS})")
            elif frag not in anchors:
                problems.append(f"{where}: runbook_url anchor #{frag} is not a heading of {obslib.RUNBOOK}")
    if not alerts:
        problems.append("no alerting rule found: is the kustomization's resources list empty?")
    obslib.report(problems, f"rules: {len(names)} PrometheusRule object(s), {records} recording and {alerts} alerting rule(s); "
                   f"labels, annotations and runbook links ok; specs written to {out}/")


def alert_rules():
    """{(alertname, frozenset(static labels))} of every alerting rule; templated label values are left out."""
    return {(r["alert"], frozenset((k, v) for k, v in (r.get("labels") or {}).items() if "{{" not in str(v)))
            for _, _, _, r in rule_groups() if "alert" in r}


def cmd_coverage(test_dir):
    """Fired: some test expects the rule firing. Silent: some test (one set of input series) checks the alert and
    never expects this rule to fire - a healthy series, not merely an early evaluation of a failing one."""
    rules, fired, silent = alert_rules(), set(), set()
    files = sorted(pathlib.Path(test_dir).glob("*.yaml"))
    for f in files:
        for test in (yaml.safe_load(f.read_text()) or {}).get("tests") or []:
            checked, fires = set(), set()
            for case in test.get("alert_rule_test") or []:
                expected = [dict(e.get("exp_labels") or {}) for e in case.get("exp_alerts") or []]
                for rule in rules:
                    name, labels = rule
                    if case.get("alertname") != name:
                        continue
                    checked.add(rule)
                    if any(set(labels) <= set(e.items()) for e in expected):
                        fires.add(rule)
            fired |= fires
            silent |= checked - fires
    problems = []
    for name, labels in sorted(rules, key=lambda r: (r[0], sorted(r[1]))):
        shown = ", ".join(f"{k}={v}" for k, v in sorted(labels))
        if (name, labels) not in fired:
            problems.append(f"alert {name} {{{shown}}}: no unit test in {test_dir} expects it to fire")
        if (name, labels) not in silent:
            problems.append(f"alert {name} {{{shown}}}: no unit test in {test_dir} keeps it silent on healthy series "
                            "(a test whose evaluations never expect it to fire)")
    obslib.report(problems, f"coverage: each of {len(rules)} alerting rules is tested firing and silent on healthy series "
                   f"({len(files)} test file(s))")


def substitute(expr, variables):
    """Grafana variables ($x, ${x}, ${x:fmt}, [[x]]) replaced by a built-in's value or the variable's current value."""
    def value(name):
        if name in BUILTIN_VARS:
            return BUILTIN_VARS[name]
        return variables.get(name, "x")
    expr = re.sub(r"\$\{(\w+)(?::[^}]*)?\}", lambda m: value(m.group(1)), expr)
    expr = re.sub(r"\[\[(\w+)(?::[^\]]*)?\]\]", lambda m: value(m.group(1)), expr)
    return re.sub(r"\$(\w+)", lambda m: value(m.group(1)), expr)


def panels(node):
    for p in node.get("panels") or []:
        yield p
        yield from panels(p)


def datasource_uids():
    values = yaml.safe_load(VALUES.read_text())
    grafana = values.get("grafana") or {}
    prometheus = ((grafana.get("sidecar") or {}).get("datasources") or {}).get("uid") or CHART_PROMETHEUS_UID
    uids = {prometheus: "prometheus"}
    for ds in grafana.get("additionalDataSources") or []:
        uids[ds.get("uid")] = ds.get("type")
    return uids


def dashboard_exprs(problems):
    """(where, PromQL with variables substituted, record name) of every dashboard query; appends problems."""
    uids = datasource_uids()
    seen_uids, exprs = {}, []
    files = obslib.dashboards()
    if not files:
        problems.append(f"no dashboard in the configMapGenerator of {obslib.RULES_DIR}/kustomization.yaml")
    listed = {f.resolve() for f in files}
    for f in sorted((obslib.RULES_DIR / "dashboards").glob("*.json")):
        if f.resolve() not in listed:
            problems.append(f"{f}: not in the kustomization's configMapGenerator (Grafana would never see it)")
    for f in files:
        try:
            d = json.loads(f.read_text())
        except (OSError, ValueError) as e:
            problems.append(f"{f}: not valid JSON: {e}")
            continue
        uid = d.get("uid")
        if not uid or not re.match(r"^[a-zA-Z0-9_-]{1,40}$", uid):
            problems.append(f"{f}: uid {uid!r} is missing or not 1-40 of [a-zA-Z0-9_-]")
        elif uid in seen_uids:
            problems.append(f"{f}: uid {uid} is also the uid of {seen_uids[uid]}")
        seen_uids[uid] = f
        if not d.get("title"):
            problems.append(f"{f}: no title")
        if (d.get("schemaVersion") or 0) < MIN_SCHEMA_VERSION:
            problems.append(f"{f}: schemaVersion {d.get('schemaVersion')} < {MIN_SCHEMA_VERSION}")
        if not d.get("tags"):
            problems.append(f"{f}: no tags")
        if d.get("id") not in (None,):
            problems.append(f"{f}: has a numeric id (Grafana assigns it; a fixed one collides)")
        variables, ds_vars = {}, {}
        for v in (d.get("templating") or {}).get("list") or []:
            current = (v.get("current") or {}).get("value")
            if isinstance(current, list):
                current = current[0] if current else None
            if v.get("type") == "datasource":
                ds_vars[v["name"]] = v.get("query")
                if current not in uids or uids[current] != v.get("query"):
                    problems.append(f"{f}: variable {v['name']} defaults to data source {current!r}, not a "
                                    f"{v.get('query')} data source uid of {VALUES} ({sorted(uids)})")
            elif v.get("type") == "query":
                q = v.get("query")
                q = q.get("query") if isinstance(q, dict) else q
                m = re.match(r"^\s*label_values\((.*),\s*\w+\s*\)\s*$", q or "")
                if m:
                    exprs.append((f"{f}: variable {v['name']}", substitute(m.group(1), variables),
                                  f"{re.sub(r'[^a-zA-Z0-9]', '_', f.stem)}:var_{v['name']}"))
                else:
                    problems.append(f"{f}: variable {v['name']}: only label_values(<selector>, <label>) is checked, "
                                    f"got {q!r}")
            # "All" of a multi-value variable: any value.
            variables[v["name"]] = ".*" if current == "$__all" else str(current or "x")
        if "datasource" not in ds_vars or ds_vars["datasource"] != "prometheus":
            problems.append(f"{f}: no `datasource` variable of type prometheus (panels pick the data source by it)")
        n = 0
        for p in panels(d):
            if p.get("type") == "row":
                continue
            n += 1
            where = f"{f}: panel {p.get('title')!r}"
            if not p.get("title"):
                problems.append(f"{f}: a panel without a title (id {p.get('id')})")
            kinds = {}
            for t in [p] + list(p.get("targets") or []):
                ds = t.get("datasource")
                if ds is None:
                    continue
                ds_uid = ds.get("uid") if isinstance(ds, dict) else ds
                m = re.match(r"^\$\{?(\w+)\}?$", str(ds_uid))
                if m:
                    if m.group(1) not in ds_vars:
                        problems.append(f"{where}: data source ${m.group(1)} is not a data source variable")
                    kinds[id(t)] = ds_vars.get(m.group(1))
                elif ds_uid not in uids:
                    problems.append(f"{where}: data source uid {ds_uid!r} does not exist in {VALUES} "
                                    f"({sorted(uids)})")
                else:
                    kinds[id(t)] = uids[ds_uid]
            if not p.get("targets"):
                problems.append(f"{where}: no query")
            for t in p.get("targets") or []:
                if "expr" in t:
                    if not str(t["expr"]).strip():
                        problems.append(f"{where}: empty expr")
                    # A target without its own data source uses the panel's.
                    if kinds.get(id(t), kinds.get(id(p))) == "prometheus":
                        tag = f"{re.sub(r'[^a-zA-Z0-9]', '_', f.stem)}:panel{p.get('id')}_{t.get('refId', '')}"
                        exprs.append((f"{where} query {t.get('refId')}", substitute(t["expr"], variables), tag))
        if n == 0:
            problems.append(f"{f}: no panel")
    return exprs


# The first dashboard on-call opens: cluster health, then rate, errors and duration of every service.
OVERVIEW_UID = "kubeflow-ops-sre-overview"


def overview_problems(exprs):
    """What the SRE overview must show, read from its queries (exprs as dashboard_exprs returns them)."""
    files = [f for f in obslib.dashboards() if json.loads(f.read_text()).get("uid") == OVERVIEW_UID]
    if not files:
        return [f"no dashboard with uid {OVERVIEW_UID} (the SRE overview: cluster health and RED per service)"]
    mine = [e for where, e, _ in exprs if where.startswith(f"{files[0]}:")]
    out = []
    if not any("node_" in e for e in mine) or not any(re.search(r"\bup\b", e) for e in mine):
        out.append(f"{files[0]}: no cluster health (node_* metrics and scrape targets `up`)")
    for svc in obslib.SERVICES:
        job = [e for e in mine if f'job="{svc}"' in e and "http_server_requests_seconds" in e]
        shown = {"rate": any("_count" in e and "rate(" in e for e in job),
                 "errors": any('status=~"5..' in e for e in job),
                 "duration": any("_bucket" in e or "_sum" in e for e in job)}
        missing = [k for k, ok in shown.items() if not ok]
        if missing:
            out.append(f"{files[0]}: {svc} has no {', no '.join(missing)} panel (RED for every service)")
    return out


def cmd_dashboards(out_file):
    problems = []
    exprs = dashboard_exprs(problems)
    problems += overview_problems(exprs)
    # promtool parses recording rules' expressions with Prometheus's parser; the record names say where each came
    # from (<dashboard file>:panel<id>_<refId>).
    rules = [{"record": tag, "expr": e} for _, e, tag in exprs]
    pathlib.Path(out_file).parent.mkdir(parents=True, exist_ok=True)
    pathlib.Path(out_file).write_text(yaml.safe_dump({"groups": [{"name": "dashboard-exprs", "rules": rules}]},
                                                     sort_keys=False))
    obslib.report(problems, f"dashboards: {len(obslib.dashboards())} file(s) ok, {len(exprs)} PromQL expression(s) written to "
                   f"{out_file} for promtool")


def cmd_exprs(out_file):
    problems = []
    items = [{"where": w, "expr": e} for w, e, _ in dashboard_exprs(problems)]
    for path, obj, group, rule in rule_groups():
        what = f"record {rule['record']}" if "record" in rule else f"alert {rule.get('alert')}"
        items.append({"where": f"{path}: group {group.get('name')}: {what}", "expr": str(rule["expr"])})
    pathlib.Path(out_file).write_text(json.dumps(items, indent=1))
    obslib.report(problems, f"exprs: {len(items)} PromQL expression(s) written to {out_file}")


def cmd_catalog(names_file):
    known, problems = obslib.catalog()
    recorded = {r["record"] for _, _, _, r in rule_groups() if "record" in r}
    used = set()
    for item in json.loads(pathlib.Path(names_file).read_text()):
        if item.get("error"):
            problems.append(f"{item['where']}: {item['error']}")
        for entry in item.get("names") or []:
            name, _, job = entry.partition(" ")
            used.add(name)
            if name in recorded:
                continue
            if name not in known:
                problems.append(f"{item['where']}: metric {name} is not in {obslib.CATALOG} (only metrics seen on a "
                                f"real scrape may be used) nor recorded by our rules")
            elif job in obslib.SERVICES and known[name] & set(obslib.SERVICES) and job not in known[name]:
                # A service metric read from a service that does not export it (a platform metric such as `up`
                # carries every job).
                problems.append(f"{item['where']}: metric {name} with job=\"{job}\": {obslib.CATALOG} lists it for "
                                f"{', '.join(sorted(known[name]))}, not for {job}")
    for name, sources in sorted(known.items()):
        unknown = sources - set(obslib.SERVICES) - PLATFORM_SOURCES
        if unknown:
            problems.append(f"{obslib.CATALOG}: {name}: unknown source(s) {sorted(unknown)}")
    obslib.report(problems, f"catalog: the {len(used)} metric name(s) used by rules and dashboards are all in {obslib.CATALOG} "
                   f"({len(known)} names) or recorded by our rules")


# Sources of the platform section of the catalog: what kube-prometheus-stack itself scrapes.
PLATFORM_SOURCES = {"prometheus", "kube-state-metrics", "cadvisor", "kubelet", "node-exporter"}

if __name__ == "__main__":
    cmd, *args = sys.argv[1:] or ["help"]
    commands = {"rules": cmd_rules, "coverage": cmd_coverage,
                "dashboards": cmd_dashboards, "exprs": cmd_exprs, "catalog": cmd_catalog}
    if cmd not in commands:
        sys.exit(__doc__)
    commands[cmd](*args)
