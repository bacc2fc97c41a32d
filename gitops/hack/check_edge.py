#!/usr/bin/env python3
"""The public edge, as rendered: what schemas cannot say about who reaches what.

  check_edge.py RENDERED_DIR

- every HTTPS listener of a Gateway is covered by a SecurityPolicy that validates JWTs (issuer and remote JWKS)
  and by a BackendTrafficPolicy with a per-client rate limit and a request-size limit;
- HTTPRoutes that reach our services match API paths only (no '/' catch-all) and never a management port;
- each service's Deployment has a management port that its probes use, the Service exposes it, its
  ServiceMonitor scrapes it, and its NetworkPolicy admits it from Prometheus only.
Checked per rendered folder for the app manifests and across folders for Gateway and policies, so a new overlay or
environment is held to the same rules. Exits 1 with one line per problem.
"""
import pathlib
import sys

import yaml

APP_NAMESPACE = "kubeflow-ops"


def load(rendered):
    docs = []
    for f in sorted(rendered.glob("*.yaml")):
        for doc in yaml.safe_load_all(f.read_text()):
            if doc:
                docs.append((f.name, doc))
    return docs


def covered(policies, gateway, listener):
    """Policies whose targetRefs name this Gateway listener (or the whole Gateway)."""
    out = []
    for p in policies:
        for ref in p["spec"].get("targetRefs") or []:
            if ref.get("kind") == "Gateway" and ref.get("name") == gateway and ref.get("sectionName") in (None, listener):
                out.append(p)
    return out


def gateway_problems(docs):
    problems = []
    gateways = [d for _, d in docs if d.get("kind") == "Gateway"]
    security = [d for _, d in docs if d.get("kind") == "SecurityPolicy"]
    traffic = [d for _, d in docs if d.get("kind") == "BackendTrafficPolicy"]
    if not gateways:
        problems.append("no Gateway rendered")
    for gw in gateways:
        name = gw["metadata"]["name"]
        for listener in gw["spec"].get("listeners") or []:
            if listener.get("protocol") != "HTTPS":
                continue
            where = f"Gateway {name} listener {listener['name']}"
            jwt = [p for p in covered(security, name, listener["name"]) if (p["spec"].get("jwt") or {}).get("providers")]
            if not jwt:
                problems.append(f"{where}: no SecurityPolicy validates JWTs on it")
            for p in jwt:
                if p["spec"]["jwt"].get("optional"):
                    problems.append(f"{where}: SecurityPolicy {p['metadata']['name']} makes the JWT optional")
                for prov in p["spec"]["jwt"]["providers"]:
                    if not prov.get("issuer") or not (prov.get("remoteJWKS") or {}).get("uri"):
                        problems.append(f"{where}: JWT provider {prov.get('name')} lacks issuer or remoteJWKS.uri")
            limits = covered(traffic, name, listener["name"])
            per_client = [p for p in limits if any(
                h.get("type") == "Distinct"
                for rule in ((p["spec"].get("rateLimit") or {}).get("local") or {}).get("rules") or []
                for sel in rule.get("clientSelectors") or []
                for h in sel.get("headers") or [])]
            if not per_client:
                problems.append(f"{where}: no BackendTrafficPolicy rate-limits per client (Distinct header)")
            if not [p for p in limits if (p["spec"].get("requestBuffer") or {}).get("limit")]:
                problems.append(f"{where}: no BackendTrafficPolicy limits the request size (requestBuffer.limit)")
    return problems


def app_problems(file, docs):
    """One rendered app folder: its Deployment, Service, ServiceMonitor, NetworkPolicy and HTTPRoute."""
    problems = []
    by_kind = {}
    for _, d in docs:
        by_kind.setdefault(d.get("kind"), []).append(d)
    services = {s["metadata"]["name"]: s for s in by_kind.get("Service", [])
                if s["metadata"].get("namespace", APP_NAMESPACE) == APP_NAMESPACE}
    management = {}
    for dep in by_kind.get("Deployment", []):
        name = dep["metadata"]["name"]
        for c in dep["spec"]["template"]["spec"]["containers"]:
            ports = {p.get("name"): p["containerPort"] for p in c.get("ports") or []}
            if "management" not in ports:
                problems.append(f"{file}: Deployment {name} container {c['name']} has no 'management' port")
                continue
            management[name] = ports["management"]
            for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
                port = ((c.get(probe) or {}).get("httpGet") or {}).get("port")
                if port not in ("management", ports["management"]):
                    problems.append(f"{file}: Deployment {name} {probe} is not on the management port")
    for name, port in management.items():
        svc = services.get(name)
        svc_ports = {p.get("name"): p for p in (svc or {}).get("spec", {}).get("ports") or []}
        if "management" not in svc_ports:
            problems.append(f"{file}: Service {name} does not expose the management port")
        for sm in by_kind.get("ServiceMonitor", []):
            if sm["metadata"]["name"] == name and [e.get("port") for e in sm["spec"]["endpoints"]] != ["management"]:
                problems.append(f"{file}: ServiceMonitor {name} does not scrape the management port only")
        for np in by_kind.get("NetworkPolicy", []):
            if (np["spec"].get("podSelector") or {}).get("matchLabels", {}).get("app.kubernetes.io/name") != name:
                continue
            for rule in np["spec"].get("ingress") or []:
                if not any(p.get("port") in (port, "management") for p in rule.get("ports") or []):
                    continue
                sources = rule.get("from") or []
                prometheus = sources and all(
                    (s.get("podSelector") or {}).get("matchLabels", {}).get("app.kubernetes.io/name") == "prometheus"
                    for s in sources)
                if not prometheus:
                    problems.append(f"{file}: NetworkPolicy {np['metadata']['name']} admits the management port "
                                    "from more than Prometheus")
    management_ports = {(n, p) for n, p in management.items()}
    management_ports |= {(n, p["port"]) for n, s in services.items() for p in s["spec"].get("ports") or []
                         if p.get("name") == "management"}
    for route in by_kind.get("HTTPRoute", []):
        rname = route["metadata"]["name"]
        for rule in route["spec"].get("rules") or []:
            for ref in rule.get("backendRefs") or []:
                if (ref.get("name"), ref.get("port")) in management_ports:
                    problems.append(f"{file}: HTTPRoute {rname} routes to the management port of {ref['name']}")
            if any(ref.get("name") in services for ref in rule.get("backendRefs") or []):
                matches = rule.get("matches") or [{}]
                for m in matches:
                    value = (m.get("path") or {}).get("value", "/")
                    if value.rstrip("/") == "":
                        problems.append(f"{file}: HTTPRoute {rname} matches every path ('{value}'), not the API's")
    return problems


def main():
    rendered = pathlib.Path(sys.argv[1])
    docs = load(rendered)
    problems = gateway_problems(docs)
    apps = 0
    for f in sorted(rendered.glob("apps__*__overlays__*.yaml")):
        apps += 1
        problems += app_problems(f.name, [(f.name, d) for d in yaml.safe_load_all(f.read_text()) if d])
    if apps == 0:
        problems.append("no rendered app overlay (apps__<service>__overlays__<env>.yaml)")
    for p in problems:
        print(f"FAIL {p}")
    print(f"edge checks: {apps} app overlays, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
