"""What the rehearsal asserts, from the cluster's own state; every list comes from the cluster or the rendered tree,
none is written down here, so Applications, HPAs or namespaces added later are checked without a change.

While waiting: every Application Synced and Healthy; a failure that cannot heal (an Application whose source does not
render, a sync whose retries are spent, a pod refused by admission) ends the wait at once with its message.
After convergence (the two ordering checks also when the wait ends early, on what exists by then):
- sync waves: no Application was created before every Application of an earlier wave was Healthy;
- custom resources come after their CRD: an Application applies a kind whose CRD is installed by an Application of
  the same or an earlier wave only; and a controller started with a flag that needs an API
  (NEEDS_API_AT_START) gets that API's CRDs from an earlier wave;
- every HorizontalPodAutoscaler reports ScalingActive=True (its metrics API answers);
- no pod was refused by admission (Pod Security Admission and the other built-in plugins);
- the hand-off reached ArgoCD: the values published for the fake account are in the live objects.
After the teardown: no Application, LoadBalancer Service, PersistentVolumeClaim, PersistentVolume, NodeClaim or
namespace created during the run remains, and no object is stuck in deletion (a finalizer left hanging).
"""
import re
import subprocess
import time

from kube import ApiError, path

ARGO = ("argoproj.io", "v1alpha1")
# API groups of the API server itself: kinds of these groups need no CRD.
BUILTIN_GROUPS = {"", "apps", "batch", "policy", "autoscaling", "rbac.authorization.k8s.io", "networking.k8s.io",
                  "storage.k8s.io", "apiextensions.k8s.io", "admissionregistration.k8s.io", "apiregistration.k8s.io",
                  "scheduling.k8s.io", "coordination.k8s.io", "discovery.k8s.io", "certificates.k8s.io",
                  "node.k8s.io", "flowcontrol.apiserver.k8s.io", "resource.k8s.io"}
# Settings that make a controller need an API group when it starts (it exits while the CRDs are missing): a
# container argument, or a key set to true in the configuration file its --config names (cert-manager's chart renders
# `config.enableGatewayAPI` into such a file, not into a flag).
NEEDS_API_AT_START = {"--enable-gateway-api": "gateway.networking.k8s.io",
                      "enableGatewayAPI": "gateway.networking.k8s.io"}
WAVE = "argocd.argoproj.io/sync-wave"
# An error that does not heal by waiting: the Application's source cannot be rendered or is refused.
FATAL_CONDITIONS = ("ComparisonError", "InvalidSpecError")
# Seconds an Application may stay Degraded, or OutOfSync after a successful sync, before the run calls it final
# (a CRD just created or a pod just scheduled is briefly unhealthy; ArgoCD's retries take a few minutes).
SETTLE = 240


def wave(app):
    return int((app["metadata"].get("annotations") or {}).get(WAVE, "0"))


def ts(s):
    return time.mktime(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ")) - time.timezone


class Watch:
    def __init__(self, kube, apps, chart_rows, log, t0):
        self.kube, self.log, self.t0, self.rows = kube, log, t0, chart_rows
        self.expected = {a["metadata"]["name"]: a for a in apps}
        self.healthy_at = {}  # Application -> seconds after the bootstrap it was first Synced and Healthy
        self.unhealthy_seen = {}  # Application -> start of the last poll that saw it not yet Healthy
        self.seen_healthy = set()
        self.fatal = {}  # Application -> first time a fatal condition was seen
        self.live = {}

    def poll(self):
        asked = time.time()
        self.live = {a["metadata"]["name"]: a for a in self.kube.items(path(*ARGO, "applications", "argocd"))}
        for name, a in self.live.items():
            st = a.get("status") or {}
            # Until it is first seen Healthy: that is the moment ArgoCD releases the next wave.
            if (st.get("health") or {}).get("status") == "Healthy":
                self.seen_healthy.add(name)
            elif name not in self.seen_healthy:
                self.unhealthy_seen[name] = asked
            if (st.get("sync") or {}).get("status") == "Synced" and (st.get("health") or {}).get("status") == "Healthy":
                if name not in self.healthy_at:
                    self.healthy_at[name] = time.monotonic() - self.t0
                    self.log(f"{name} (wave {wave(a)}) Synced and Healthy")

    def fatal_errors(self):
        """Failures that waiting will not heal, each with the objects it concerns."""
        out = []
        for name, a in self.live.items():
            st = a.get("status") or {}
            present = {c.get("type"): c for c in st.get("conditions") or []}
            for type_ in FATAL_CONDITIONS:
                c = present.get(type_)
                # Lasting, not once: a repo-server that is slow to render on a busy machine reports a passing
                # ComparisonError (a deadline), which the next refresh clears.
                if self._lasting((name, type_), c is not None, 60):
                    out.append(f"Application {name}: {type_}: {c.get('message', '')}")
            op = st.get("operationState") or {}
            retry = ((a["spec"].get("syncPolicy") or {}).get("retry") or {}).get("limit")
            if op.get("phase") in ("Failed", "Error") and retry is not None and op.get("retryCount", 0) >= retry:
                out.append(f"Application {name}: sync failed after {retry} retries: {op.get('message', '')}"
                           + self._bad_resources(a))
            health = (st.get("health") or {}).get("status")
            if self._lasting((name, "Degraded"), health == "Degraded", SETTLE) and self._settled(name, "Degraded"):
                out.append(f"Application {name} stays Degraded{self._bad_resources(a)}")
            synced_op = op.get("phase") == "Succeeded"
            outofsync = (st.get("sync") or {}).get("status") == "OutOfSync" and health == "Healthy" and synced_op
            if self._lasting((name, "OutOfSync"), outofsync, SETTLE) and self._settled(name, "OutOfSync"):
                out.append(f"Application {name} stays OutOfSync after a successful sync{self._bad_resources(a)}")
        return out + self.refused_pods()

    def _lasting(self, key, bad, seconds):
        """True once `bad` has held for `seconds` without a break."""
        if not bad:
            self.fatal.pop(key, None)
            return False
        return time.monotonic() - self.fatal.setdefault(key, time.monotonic()) > seconds

    def _settled(self, name, state):
        """Whether an Application's lasting bad state is its own, not one still on its way to ArgoCD.

        ArgoCD's cluster cache handles CRD watch events one at a time, and reloads the API server's whole OpenAPI
        schema for each (gitops-engine, pkg/cache/cluster.go): with a hundred large CRDs on a busy machine that
        is seconds per event, so its view of a CRD can lag the API server by many minutes. A CRD the API server
        reports Established while ArgoCD still shows it Missing or not Healthy is such a lag; a child Application
        is judged on its own. While every object an Application is waiting for is one of these, its clock
        restarts; anything else (or nothing named at all) keeps the verdict."""
        a = self.live[name]
        bad = [r for r in (a.get("status") or {}).get("resources") or [] if not r.get("hook") and (
            r.get("status") not in ("Synced", None) or (r.get("health") or {}).get("status") not in (None, "Healthy"))]
        lagging = []
        for r in bad:
            if r["kind"] == "Application" and r.get("group") == ARGO[0]:
                continue
            if r["kind"] != "CustomResourceDefinition" or not self._established(r["name"]):
                return True
            lagging.append(r["name"])
        if not bad:
            return True
        self.fatal[(name, state)] = time.monotonic()
        self.log(f"{name}: {state} only for objects ArgoCD has not caught up with"
                 + (f" (CRDs Established in the API server, behind in ArgoCD's cache: {len(lagging)}, e.g. "
                    f"{lagging[0]})" if lagging else " (child Applications, judged on their own)")
                 + f"; waiting another {SETTLE}s")
        return False

    def _established(self, crd):
        try:
            c = self.kube.get(path("apiextensions.k8s.io", "v1", "customresourcedefinitions", name=crd))
        except ApiError as e:
            if e.status == 404:
                return False
            raise
        return any(x["type"] == "Established" and x["status"] == "True"
                   for x in (c.get("status") or {}).get("conditions") or [])

    @staticmethod
    def _bad_resources(app, limit=6):
        bad = [f"{r['kind']} {r.get('namespace', '') + '/' if r.get('namespace') else ''}{r['name']} "
               f"({r.get('status', '-')}/{(r.get('health') or {}).get('status', '-')}"
               + (f": {(r.get('health') or {}).get('message')}" if (r.get('health') or {}).get("message") else "")
               + ")"
               for r in (app.get("status") or {}).get("resources") or []
               if not r.get("hook") and (r.get("status") not in ("Synced", None)
                                         or (r.get("health") or {}).get("status") not in (None, "Healthy"))]
        if not bad:
            return ""
        return ": " + "; ".join(bad[:limit]) + (f" and {len(bad) - limit} more" if len(bad) > limit else "")

    def refused_pods(self):
        """Pods a controller could not create because admission refused them (FailedCreate events)."""
        out = []
        for e in self.kube.items("/api/v1/events", fieldSelector="reason=FailedCreate"):
            msg = e.get("message", "")
            if "forbidden" in msg or "violates PodSecurity" in msg:
                o = e["involvedObject"]
                out.append(f"{o['kind']} {o.get('namespace', '')}/{o['name']}: pod refused by admission: {msg}")
        return sorted(set(out))

    def done(self):
        want = set(self.expected) | {"root"}
        return want <= set(self.live) and all(n in self.healthy_at and self._ok(self.live[n]) for n in want)

    @staticmethod
    def _ok(a):
        st = a.get("status") or {}
        return (st.get("sync") or {}).get("status") == "Synced" and (st.get("health") or {}).get("status") == "Healthy"

    def progress(self):
        """What ArgoCD has got right so far: each Application's sync and health, and each of its objects that it
        sees Synced and Healthy. It changes whenever ArgoCD catches up with the cluster, however slowly."""
        seen = set()
        for name, a in self.live.items():
            st = a.get("status") or {}
            seen.add((name, (st.get("sync") or {}).get("status"), (st.get("health") or {}).get("status")))
            seen |= {(name, r["kind"], r.get("namespace"), r["name"]) for r in st.get("resources") or []
                     if r.get("status") == "Synced" and (r.get("health") or {}).get("status") in (None, "Healthy")}
        return frozenset(seen)

    def wait(self, timeout, stall, procs):
        """Poll until every Application is Synced and Healthy. The run gives up after `stall` seconds in which
        ArgoCD's view did not change at all and no retry it announced was pending, or after `timeout` seconds in
        all: a slow, busy machine only takes longer, while a run that stopped moving ends in minutes on any machine."""
        start = time.monotonic()
        deadline = start + timeout
        last, moved, seen = 0, start, frozenset()
        while time.monotonic() < deadline:
            for p in procs:
                p.check()
            self.poll()
            if self.done():
                self.log(f"every Application is Synced and Healthy, {time.monotonic() - self.t0:.0f}s after the "
                         "bootstrap")
                return True
            fatal = self.fatal_errors()
            if fatal:
                self.fatal_list = fatal
                return False
            now = self.progress()
            if now != seen:
                seen, moved = now, time.monotonic()
            elif time.time() < self.retry_due() + 60:
                moved = time.monotonic()  # ArgoCD announced a retry (its backoff reaches minutes): not a stall
            elif time.monotonic() - moved > stall:
                self.fatal_list = [f"no progress for {stall}s: no Application or object changed state in ArgoCD"]
                return False
            if time.monotonic() - last > 30:
                waiting = sorted(n for n in set(self.expected) | {"root"} if n not in self.live
                                 or not self._ok(self.live[n]))
                self.log(f"{len(self.healthy_at)}/{len(self.expected) + 1} Applications converged; waiting for "
                         + ", ".join(f"{n} ({self._state(n, detail=False)[:100]})" for n in waiting))
                last = time.monotonic()
            time.sleep(2)
        self.fatal_list = [f"not converged within {timeout}s (REHEARSAL_TIMEOUT), though still progressing"]
        return False

    def retry_due(self):
        """When the latest retry that an Application's sync announced is due (epoch seconds; 0 if none). ArgoCD
        writes "Retrying attempt #4 at 10:28AM" in the controller's local time, to the minute: the end of that
        minute is taken."""
        due = 0
        for a in self.live.values():
            msg = ((a.get("status") or {}).get("operationState") or {}).get("message") or ""
            m = re.search(r"Retrying attempt #\d+ at (\d{1,2}):(\d{2})(AM|PM)", msg)
            if not m:
                continue
            hour = int(m.group(1)) % 12 + (12 if m.group(3) == "PM" else 0)
            now = time.localtime()
            at = time.mktime((now.tm_year, now.tm_mon, now.tm_mday, hour, int(m.group(2)), 59, 0, 0, -1))
            if at < time.time() - 12 * 3600:
                at += 24 * 3600  # announced before midnight for after it
            due = max(due, at)
        return due

    def _state(self, name, detail=True):
        a = self.live.get(name)
        if not a:
            return "not created"
        st = a.get("status") or {}
        msg = (st.get("health") or {}).get("message") or (st.get("operationState") or {}).get("message") or ""
        return f"{(st.get('sync') or {}).get('status', '-')}/{(st.get('health') or {}).get('status', '-')}" + (
            f": {msg[:160]}" if msg else "") + (self._bad_resources(a) if detail else "")

    # ----------------------------------------------------------------------------------------------------------
    def problems(self, converged, values, charts):
        out = []
        if not converged:
            out += getattr(self, "fatal_list", [])
            # The ordering checks read what exists so far: a CRD or a wave out of order is often why the run
            # stopped (a custom resource refused until its CRD came, then the root's retries backing off).
            out += self.wave_order() + self.crd_order()
            for n in sorted(set(self.expected) | {"root"}):
                if n not in self.live or not self._ok(self.live[n]):
                    out.append(f"Application {n} did not converge: {self._state(n)}")
            return out + self.hpa_problems()
        out += self.wave_order()
        out += self.crd_order()
        out += self.hpa_problems(wait=180)
        out += self.refused_pods()
        out += self.handoff_reached(values)
        out += [f"chart repository was asked for {m}, which it does not serve" for m in sorted(set(charts.misses))]
        return out

    def wave_order(self):
        """An Application created while one of an earlier wave was, by ArgoCD's account, not yet Healthy. The
        proof is a poll that saw the earlier one not Healthy after the later one existed: the first poll that
        sees it Healthy can come many seconds late on a busy machine, so it proves nothing."""
        out = []
        for name, a in self.live.items():
            created = ts(a["metadata"]["creationTimestamp"])  # whole seconds, rounded down
            for other, b in self.live.items():
                if wave(b) < wave(a) and other in self.unhealthy_seen and name != "root" and other != "root":
                    if created + 1 < self.unhealthy_seen[other] and other in self.expected:
                        out.append(f"sync waves not kept: {name} (wave {wave(a)}) was created before {other} "
                                   f"(wave {wave(b)}) was Healthy")
                        break
        return out

    def crd_order(self):
        # Which Application installs each CRD: from the Applications' own resource lists (ArgoCD puts no tracking
        # annotation on CRDs).
        crd_app = {r["name"]: name for name, a in self.live.items()
                   for r in (a.get("status") or {}).get("resources") or [] if r["kind"] == "CustomResourceDefinition"}
        owner = {}  # (group, kind) -> Application that installs the CRD
        for crd in self.kube.items(path("apiextensions.k8s.io", "v1", "customresourcedefinitions")):
            owner[(crd["spec"]["group"], crd["spec"]["names"]["kind"])] = crd_app.get(crd["metadata"]["name"])
        out = []
        for name, a in self.live.items():
            for r in (a.get("status") or {}).get("resources") or []:
                group, kind = r.get("group", ""), r["kind"]
                if group in BUILTIN_GROUPS or kind == "CustomResourceDefinition":
                    continue
                src = owner.get((group, kind))
                if src and src != name and src in self.live and wave(self.live[src]) >= wave(a):
                    out.append(f"{name} (wave {wave(a)}) applies {kind} ({group}) but its CRD comes from {src} "
                               f"(wave {wave(self.live[src])}): the resource can be applied before its CRD exists")
            for d in self._deployments(a):
                for c in d["spec"]["template"]["spec"].get("containers", []):
                    settings = self._start_settings(d, c)
                    for flag, group in NEEDS_API_AT_START.items():
                        if flag in settings:
                            srcs = {s for (g, _), s in owner.items() if g == group and s}
                            late = sorted(s for s in srcs if s in self.live and wave(self.live[s]) >= wave(a))
                            if late or not srcs:
                                out.append(f"{name} (wave {wave(a)}): {d['metadata']['name']} starts with {flag}, "
                                           f"which needs the {group} CRDs, but they come from "
                                           + (", ".join(f"{s} (wave {wave(self.live[s])})" for s in late)
                                              or "no Application") + ": it exits until they exist")
        return sorted(set(out))

    def _start_settings(self, d, c):
        """What a container is started with: its flags (not set to false), and the keys set to true in the file its
        --config names, read from the ConfigMap mounted there."""
        args = c.get("args", []) + c.get("command", [])
        on = {a.split("=")[0] for a in args if a.startswith("--") and not a.endswith("=false")}
        volumes = {v["name"]: v for v in d["spec"]["template"]["spec"].get("volumes", [])}
        for a in args:
            if not a.startswith("--config="):
                continue
            file = a.split("=", 1)[1]
            for m in c.get("volumeMounts", []):
                mount = m["mountPath"].rstrip("/") + "/"
                cm = (volumes.get(m["name"], {}).get("configMap") or {}).get("name")
                if not cm or not file.startswith(mount):
                    continue
                try:
                    data = self.kube.get(path("", "v1", "configmaps", d["metadata"]["namespace"], cm)).get("data") or {}
                except ApiError:
                    continue
                on |= set(re.findall(r"^\s*(\w+):\s*true\s*$", data.get(file[len(mount):], ""), re.M))
        return on

    def _deployments(self, app):
        for r in (app.get("status") or {}).get("resources") or []:
            if r.get("group") == "apps" and r["kind"] == "Deployment":
                try:
                    yield self.kube.get(path("apps", "v1", "deployments", r.get("namespace"), r["name"]))
                except ApiError:
                    continue

    def hpa_problems(self, wait=0):
        """HPAs that cannot scale. An HPA the Applications just created has no status until the controller
        manager's HPA controller has taken it up (every 15s), and no metrics until metrics-server has scraped its
        new pods: up to `wait` seconds are given for every HPA to report ScalingActive=True, then what each
        reports is the verdict."""
        deadline = time.monotonic() + wait
        while True:
            hpas = self.kube.items(path("autoscaling", "v2", "horizontalpodautoscalers"))
            conds = [{c["type"]: c for c in (h.get("status") or {}).get("conditions") or []} for h in hpas]
            if all(c.get("ScalingActive", {}).get("status") == "True" for c in conds) or time.monotonic() > deadline:
                break
            time.sleep(5)
        out = []
        for h, c in zip(hpas, conds):
            active = c.get("ScalingActive")
            if not active or active["status"] != "True":
                why = f"{active.get('reason')}: {active.get('message')}" if active else "no status yet"
                out.append(f"HorizontalPodAutoscaler {h['metadata']['namespace']}/{h['metadata']['name']} cannot "
                           f"scale (ScalingActive not True): {why}")
        return out

    def handoff_reached(self, values):
        """Every IRSA role annotation in the cluster carries the published account: the hand-off reached ArgoCD."""
        out, seen = [], 0
        for sa in self.kube.items("/api/v1/serviceaccounts"):
            arn = (sa["metadata"].get("annotations") or {}).get("eks.amazonaws.com/role-arn")
            if arn:
                seen += 1
                if f":{values['account_id']}:" not in arn:
                    out.append(f"ServiceAccount {sa['metadata']['namespace']}/{sa['metadata']['name']} has role "
                               f"{arn}, not one of the published account {values['account_id']}: the hand-off did "
                               "not reach ArgoCD")
        if not seen:
            out.append("no ServiceAccount carries an IRSA role: the hand-off cannot be checked")
        return out

    # ----------------------------------------------------------------------------------------------------------
    def table(self, charts, stubs):
        rows = []
        for name in sorted(set(self.expected) | {"root"}, key=lambda n: (wave(self.expected.get(n) or
                                                                              self.live.get(n, {"metadata": {}})), n)):
            a = self.live.get(name, {"metadata": {}, "spec": {}})
            st = a.get("status") or {}
            info = self.rows.get(name)
            note = "git" if not info else (info["how"] if info["rehearsed"] else "NOT REHEARSED: " + info["how"])
            rows.append((name, str(wave(a)) if a["metadata"] else "?", (st.get("sync") or {}).get("status", "-"),
                         (st.get("health") or {}).get("status", "-"), str(len(st.get("resources") or [])),
                         f"{self.healthy_at[name]:.0f}s" if name in self.healthy_at else "-", note))
        head = ("Application", "wave", "sync", "health", "objects", "converged", "source")
        widths = [max(len(r[i]) for r in rows + [head]) for i in range(6)]
        lines = ["", "  ".join(h.ljust(w) for h, w in zip(head, widths)) + "  " + head[6]]
        lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[6] for r in rows]
        lines.append("")
        lines.append("Stand-ins (what the rehearsal cannot prove for these controllers):")
        lines += [f"  - {s.name}: {s.limits}" for s in stubs.stubs]
        lines.append("  - kwok: pods are reported Running and Ready without running a container: images, probes, "
                     "resource use and the apps' own behaviour are not tried.")
        return "\n".join(lines)


def inventory(kube):
    """Namespaces present after convergence (the ones the Applications created, plus the cluster's own)."""
    return {n["metadata"]["name"] for n in kube.items("/api/v1/namespaces")}


KEEP = {"default", "kube-system", "kube-public", "kube-node-lease"}


def leftovers(kube, namespaces_before):
    out = []
    out += [f"Application {a['metadata']['name']}" for a in kube.items(path(*ARGO, "applications"))]
    out += [f"LoadBalancer Service {s['metadata']['namespace']}/{s['metadata']['name']}"
            for s in kube.items("/api/v1/services") if s["spec"].get("type") == "LoadBalancer"]
    out += [f"PersistentVolumeClaim {c['metadata']['namespace']}/{c['metadata']['name']}"
            for c in kube.items("/api/v1/persistentvolumeclaims")]
    out += [f"PersistentVolume {v['metadata']['name']}" for v in kube.items("/api/v1/persistentvolumes")]
    out += [f"NodeClaim {c['metadata']['name']}" for c in kube.items(path("karpenter.sh", "v1", "nodeclaims"))]
    out += [f"namespace {n}" for n in sorted(inventory(kube) & namespaces_before - KEEP)]
    out += stuck_in_deletion()
    return out


def stuck_in_deletion():
    """Every object of every listable kind that has a deletionTimestamp: a finalizer nobody will remove."""
    kinds = subprocess.run(["kubectl", "api-resources", "--verbs=list", "-o", "name"], capture_output=True,
                           text=True).stdout.split()
    out = []
    for k in kinds:
        r = subprocess.run(["kubectl", "get", k, "-A", "-o",
                            "jsonpath={range .items[?(@.metadata.deletionTimestamp)]}{.metadata.namespace}/"
                            "{.metadata.name} {.metadata.finalizers}{\"\\n\"}{end}"], capture_output=True, text=True)
        out += [f"{k} {line} stuck in deletion" for line in r.stdout.splitlines() if line.strip()]
    return out
