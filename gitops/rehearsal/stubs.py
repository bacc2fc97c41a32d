"""Status stubs: stand-ins for the controllers whose work cannot happen here (no AWS, no containers).

kwok reports every pod Running and Ready, but no pod runs code, so nothing would ever fill in the status of the
custom resources these controllers own, and ArgoCD would wait for them forever. Each stub below does, for the kinds
of one controller, what that controller visibly does to the API, and nothing it cannot know here. A stub acts only
while ArgoCD has deployed its controller (a Deployment of it is Available), as the real one would; what each cannot
prove is its `limits` text, which the end-of-run table and docs/rehearsal.md repeat.
"""
import calendar
import hashlib
import threading
import time
import traceback

from kube import ApiError, path

FIELD_MANAGER = {"fieldManager": "rehearsal-stub"}


def now():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def cond(type_, status="True", reason="RehearsalStub", message="", generation=None):
    c = {"type": type_, "status": status, "reason": reason, "message": message, "lastTransitionTime": now()}
    if generation is not None:
        c["observedGeneration"] = generation
    return c


def has_condition(obj, type_, status="True"):
    return any(c.get("type") == type_ and c.get("status") == status
               for c in (obj.get("status") or {}).get("conditions") or [])


def controller_available(kube, namespace, selector):
    return any((d.get("status") or {}).get("availableReplicas", 0) >= 1
               for d in kube.items(path("apps", "v1", "deployments", namespace), labelSelector=selector))


def obj_path(group, version, plural, obj, sub=None):
    m = obj["metadata"]
    return path(group, version, plural, m.get("namespace"), m["name"], sub)


class Stub:
    name = ""
    controller = None  # (namespace, label selector) of the Deployment that must be Available
    limits = ""

    def __init__(self, kube, log):
        self.kube, self.log = kube, log

    def active(self):
        return self.controller is None or controller_available(self.kube, *self.controller)

    def ready_status(self, group, version, plural, message, extra_types=()):
        """Ready=True (plus extra condition types) on every object of the kind that does not have it yet."""
        for o in self.kube.items(path(group, version, plural)):
            if o["metadata"].get("deletionTimestamp") or has_condition(o, "Ready"):
                continue
            gen = o["metadata"].get("generation")
            conds = [cond(t, message=message, generation=gen) for t in (*extra_types, "Ready")]
            self.kube.merge_patch(obj_path(group, version, plural, o, "status"), {"status": {"conditions": conds}})


class CertManager(Stub):
    name = "cert-manager"
    controller = ("cert-manager", "app.kubernetes.io/name=cert-manager,app.kubernetes.io/component=controller")
    limits = ("Issuers and Certificates are marked Ready: no ACME account is registered, no DNS-01 challenge is "
              "solved against Route53, no certificate is issued.")

    def sync(self):
        self.ready_status("cert-manager.io", "v1", "clusterissuers", "rehearsal: issuer not contacted")
        self.ready_status("cert-manager.io", "v1", "issuers", "rehearsal: issuer not contacted")
        self.ready_status("cert-manager.io", "v1", "certificates", "rehearsal: no certificate issued")


class ExternalSecrets(Stub):
    name = "external-secrets"
    controller = ("external-secrets", "app.kubernetes.io/name=external-secrets")
    limits = ("Stores are marked Ready without calling AWS. An ExternalSecret is synced only if every remote key "
              "it reads is in the rehearsal's Secrets Manager (secretsmanager.py: the RDS secret of the hand-off, "
              "the secrets make deploy creates, and those Terraform and its modules create with a value; by name "
              "or ARN); the target Secret gets placeholder values.")

    def __init__(self, kube, log, secrets_manager):
        super().__init__(kube, log)
        self.sm = secrets_manager

    def sync(self):
        self.ready_status("external-secrets.io", "v1", "clustersecretstores", "rehearsal: store not contacted")
        self.ready_status("external-secrets.io", "v1", "secretstores", "rehearsal: store not contacted")
        for es in self.kube.items("/apis/external-secrets.io/v1/externalsecrets"):
            m, spec = es["metadata"], es["spec"]
            gen = m.get("generation")
            status = es.get("status") or {}
            if m.get("deletionTimestamp") or status.get("syncedResourceVersion") == f"{gen}":
                continue
            missing = [f"{d['remoteRef']['key']}" + (f" ({d['remoteRef']['property']})"
                                                     if d["remoteRef"].get("property") else "")
                       for d in spec.get("data", []) if not self.sm.has(d["remoteRef"]["key"],
                                                                        d["remoteRef"].get("property"))]
            if missing:
                # What ESO reports when GetSecretValue fails: the ExternalSecret is Ready=False (Degraded in ArgoCD).
                msg = "could not get secret data from provider: " + ", ".join(missing)
                if not has_condition(es, "Ready", "False"):
                    self.kube.merge_patch(obj_path("external-secrets.io", "v1", "externalsecrets", es, "status"),
                                          {"status": {"conditions": [cond("Ready", "False", "SecretSyncedError",
                                                                          msg, gen)]}})
                continue
            target = (spec.get("target") or {}).get("name") or m["name"]
            template = ((spec.get("target") or {}).get("template") or {}).get("data")
            keys = list(template) if template else [d["secretKey"] for d in spec.get("data", [])]
            secret = {"apiVersion": "v1", "kind": "Secret",
                      "metadata": {"name": target, "namespace": m["namespace"],
                                   "labels": {"reconcile.external-secrets.io/managed": "true"},
                                   "ownerReferences": [{"apiVersion": "external-secrets.io/v1",
                                                        "kind": "ExternalSecret", "name": m["name"],
                                                        "uid": m["uid"], "controller": True}]},
                      "stringData": {k: f"rehearsal-{k}" for k in keys}}
            try:
                self.kube.create(path("", "v1", "secrets", m["namespace"]), secret)
            except ApiError as e:
                if e.status != 409:
                    raise
            self.kube.merge_patch(obj_path("external-secrets.io", "v1", "externalsecrets", es, "status"),
                                  {"status": {"conditions": [cond("Ready", "True", "SecretSynced",
                                                                  "rehearsal: synced placeholder values", gen)],
                                              "syncedResourceVersion": f"{gen}", "refreshTime": now()}})


class Karpenter(Stub):
    name = "karpenter"
    controller = ("kube-system", "app.kubernetes.io/name=karpenter")
    limits = ("NodePools and EC2NodeClasses are marked Ready without calling EC2 (no subnet, security group or AMI "
              "is resolved, no instance launched): the Karpenter-shaped nodes of nodes.yaml get a NodeClaim each. "
              "Deleting a NodeClaim drains its node as Karpenter does: taint, evictions through the Eviction API "
              "(PodDisruptionBudgets apply for real), forced after the NodePool's terminationGracePeriod, then the "
              "node goes.")

    def sync(self):
        self.ready_status("karpenter.k8s.aws", "v1", "ec2nodeclasses", "rehearsal: EC2 not called")
        self.ready_status("karpenter.sh", "v1", "nodepools", "rehearsal: no instance launched",
                          extra_types=("NodeClassReady", "ValidationSucceeded"))
        pools = {p["metadata"]["name"]: p for p in self.kube.items(path("karpenter.sh", "v1", "nodepools"))
                 if not p["metadata"].get("deletionTimestamp")}
        claims = {c["metadata"]["name"]: c for c in self.kube.items(path("karpenter.sh", "v1", "nodeclaims"))}
        for node in self.kube.items(path("", "v1", "nodes"), labelSelector="karpenter.sh/nodepool"):
            name, pool = node["metadata"]["name"], node["metadata"]["labels"]["karpenter.sh/nodepool"]
            if name not in claims and pool in pools:
                self._claim(node, pools[pool])
        for claim in claims.values():
            if claim["metadata"].get("deletionTimestamp"):
                self._drain(claim)

    def _claim(self, node, pool):
        tmpl = pool["spec"]["template"]["spec"]
        pm = pool["metadata"]
        spec = {"nodeClassRef": tmpl["nodeClassRef"], "requirements": tmpl.get("requirements", [])}
        for k in ("terminationGracePeriod", "expireAfter", "taints", "startupTaints"):
            if k in tmpl:
                spec[k] = tmpl[k]
        zone = node["metadata"]["labels"].get("topology.kubernetes.io/zone", "")
        claim = {"apiVersion": "karpenter.sh/v1", "kind": "NodeClaim",
                 "metadata": {"name": node["metadata"]["name"], "labels": {"karpenter.sh/nodepool": pm["name"]},
                              "finalizers": ["karpenter.sh/termination"],
                              "ownerReferences": [{"apiVersion": "karpenter.sh/v1", "kind": "NodePool",
                                                   "name": pm["name"], "uid": pm["uid"],
                                                   "blockOwnerDeletion": True}]},
                 "spec": spec}
        created = self.kube.create(path("karpenter.sh", "v1", "nodeclaims"), claim)
        iid = "i-" + hashlib.sha1(node["metadata"]["name"].encode()).hexdigest()[:17]
        self.kube.merge_patch(obj_path("karpenter.sh", "v1", "nodeclaims", created, "status"), {"status": {
            "nodeName": node["metadata"]["name"], "providerID": f"aws:///{zone}/{iid}",
            "conditions": [cond(t, message="rehearsal: kwok node") for t in
                           ("Launched", "Registered", "Initialized", "Ready")]}})

    def _drain(self, claim):
        node_name = (claim.get("status") or {}).get("nodeName") or claim["metadata"]["name"]
        deleting_since = calendar.timegm(time.strptime(claim["metadata"]["deletionTimestamp"], "%Y-%m-%dT%H:%M:%SZ"))
        grace = _seconds(claim["spec"].get("terminationGracePeriod"))
        forced = grace is not None and time.time() - deleting_since > grace
        node_p = path("", "v1", "nodes", name=node_name)
        try:
            node = self.kube.get(node_p)
        except ApiError as e:
            if e.status != 404:
                raise
            node = None
        if node is not None:
            taints = node["spec"].get("taints") or []
            if not any(t["key"] == "karpenter.sh/disrupted" for t in taints):
                self.kube.merge_patch(node_p, {"spec": {"taints": taints + [
                    {"key": "karpenter.sh/disrupted", "effect": "NoSchedule"}]}})
            left = []
            for pod in self.kube.items(path("", "v1", "pods"), fieldSelector=f"spec.nodeName={node_name}"):
                owners = pod["metadata"].get("ownerReferences") or []
                if any(o["kind"] == "DaemonSet" for o in owners) or pod["metadata"].get("deletionTimestamp"):
                    continue
                ns, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
                if forced:
                    self.kube.delete(path("", "v1", "pods", ns, name), gracePeriodSeconds="0")
                    continue
                try:
                    self.kube.evict(ns, name)
                except ApiError as e:
                    if e.status != 429:
                        raise
                    left.append(f"{ns}/{name}")
            if left:
                self.log(f"karpenter stub: drain of node {node_name} blocked by a PodDisruptionBudget for "
                         + ", ".join(left) + ("" if grace is not None else
                                              " (the NodePool sets no terminationGracePeriod: it may never end)"),
                         once=True)
                return
            self.kube.delete(node_p)
        self.kube.merge_patch(obj_path("karpenter.sh", "v1", "nodeclaims", claim), {"metadata": {"finalizers": None}})


def _seconds(duration):
    """A Go duration like 1h30m, 10m, 45s as seconds; None for none."""
    if not duration:
        return None
    total, num = 0.0, ""
    units = {"h": 3600, "m": 60, "s": 1}
    for ch in duration:
        if ch.isdigit() or ch == ".":
            num += ch
        else:
            total += float(num) * units[ch]
            num = ""
    return total


class EnvoyGateway(Stub):
    name = "envoy-gateway"
    controller = ("envoy-gateway-system", "control-plane=envoy-gateway")
    limits = ("GatewayClasses, Gateways and HTTPRoutes get Accepted/Programmed status, and each Gateway its "
              "LoadBalancer Service (with the AWS cloud controller's hostname and finalizer): no Envoy proxy runs, "
              "no route is tried, no NLB exists. The Service goes when its Gateway goes, as long as Envoy Gateway "
              "still runs, which the teardown order must respect.")
    controller_name = "gateway.envoyproxy.io/gatewayclass-controller"

    def sync(self):
        g, v = "gateway.networking.k8s.io", "v1"
        classes = set()
        for gc in self.kube.items(path(g, v, "gatewayclasses")):
            if gc["spec"].get("controllerName") != self.controller_name:
                continue
            classes.add(gc["metadata"]["name"])
            if not has_condition(gc, "Accepted"):
                self.kube.merge_patch(obj_path(g, v, "gatewayclasses", gc, "status"), {"status": {"conditions": [
                    cond("Accepted", message="rehearsal", generation=gc["metadata"].get("generation"))]}})
        gateways = set()
        for gw in self.kube.items(f"/apis/{g}/{v}/gateways"):
            if gw["spec"].get("gatewayClassName") not in classes or gw["metadata"].get("deletionTimestamp"):
                continue
            m = gw["metadata"]
            gateways.add((m["namespace"], m["name"]))
            svc = self._service(gw)
            if not has_condition(gw, "Programmed"):
                gen = m.get("generation")
                listeners = [{"name": li["name"], "attachedRoutes": 0,
                              "supportedKinds": [{"group": g, "kind": "HTTPRoute"}],
                              "conditions": [cond(t, generation=gen) for t in ("Accepted", "ResolvedRefs",
                                                                                "Programmed")]}
                             for li in gw["spec"].get("listeners", [])]
                self.kube.merge_patch(obj_path(g, v, "gateways", gw, "status"), {"status": {
                    "addresses": [{"type": "Hostname", "value": svc}],
                    "conditions": [cond(t, generation=gen) for t in ("Accepted", "Programmed")],
                    "listeners": listeners}})
        for route in self.kube.items(f"/apis/{g}/{v}/httproutes"):
            gen = route["metadata"].get("generation")
            parents = [{"parentRef": ref, "controllerName": self.controller_name,
                        "conditions": [cond(t, generation=gen) for t in ("Accepted", "ResolvedRefs")]}
                       for ref in route["spec"].get("parentRefs", [])]
            seen = (route.get("status") or {}).get("parents") or []
            if len(seen) != len(parents) or not all(
                    any(c.get("observedGeneration") == gen for c in p.get("conditions", [])) for p in seen):
                self.kube.merge_patch(obj_path(g, v, "httproutes", route, "status"), {"status": {"parents": parents}})
        # Envoy Gateway removes the proxy Service of a Gateway that is gone.
        for s in self.kube.items(path("", "v1", "services", "envoy-gateway-system"),
                                 labelSelector="gateway.envoyproxy.io/owning-gateway-name"):
            labels = s["metadata"]["labels"]
            key = (labels.get("gateway.envoyproxy.io/owning-gateway-namespace"),
                   labels["gateway.envoyproxy.io/owning-gateway-name"])
            if key not in gateways and not s["metadata"].get("deletionTimestamp"):
                self.kube.delete(obj_path("", "v1", "services", s))

    def _service(self, gw):
        m = gw["metadata"]
        name = "envoy-" + hashlib.sha1(f"{m['namespace']}/{m['name']}".encode()).hexdigest()[:10]
        hostname = f"{name}.elb.rehearsal.amazonaws.com"
        ports = sorted({li["port"] for li in gw["spec"].get("listeners", [])})
        svc = {"apiVersion": "v1", "kind": "Service",
               "metadata": {"name": name, "namespace": "envoy-gateway-system",
                            "labels": {"gateway.envoyproxy.io/owning-gateway-name": m["name"],
                                       "gateway.envoyproxy.io/owning-gateway-namespace": m["namespace"]},
                            "finalizers": ["service.kubernetes.io/load-balancer-cleanup"]},
               "spec": {"type": "LoadBalancer", "ports": [{"name": f"port-{p}", "port": p} for p in ports],
                        "selector": {"gateway.envoyproxy.io/owning-gateway-name": m["name"]}}}
        try:
            self.kube.create(path("", "v1", "services", "envoy-gateway-system"), svc)
            self.kube.merge_patch(path("", "v1", "services", "envoy-gateway-system", name, "status"),
                                  {"status": {"loadBalancer": {"ingress": [{"hostname": hostname}]}}})
        except ApiError as e:
            if e.status != 409:
                raise
        return hostname


class CloudControllers(Stub):
    """What EKS runs outside the cluster's add-ons: the cloud controller (load balancers) and the EBS CSI driver."""
    name = "aws-cloud"
    limits = ("The AWS cloud controller and the EBS CSI driver (EKS add-on): a LoadBalancer Service's load-balancer "
              "finalizer is removed when the Service is deleted (no NLB exists); a claim of a StorageClass of "
              "ebs.csi.aws.com gets a bound PersistentVolume in its node's zone, deleted when released (no EBS "
              "volume exists).")
    driver = "ebs.csi.aws.com"

    def sync(self):
        for s in self.kube.items("/api/v1/services"):
            m = s["metadata"]
            if m.get("deletionTimestamp") and "service.kubernetes.io/load-balancer-cleanup" in (m.get("finalizers")
                                                                                                or []):
                rest = [f for f in m["finalizers"] if f != "service.kubernetes.io/load-balancer-cleanup"]
                self.kube.merge_patch(obj_path("", "v1", "services", s), {"metadata": {"finalizers": rest or None}})
        classes = {sc["metadata"]["name"]: sc for sc in self.kube.items(path("storage.k8s.io", "v1",
                                                                             "storageclasses"))
                   if sc.get("provisioner") == self.driver}
        for pvc in self.kube.items("/api/v1/persistentvolumeclaims"):
            m, spec = pvc["metadata"], pvc["spec"]
            node = (m.get("annotations") or {}).get("volume.kubernetes.io/selected-node")
            if spec.get("storageClassName") not in classes or spec.get("volumeName") or not node \
                    or m.get("deletionTimestamp"):
                continue
            sc = classes[spec["storageClassName"]]
            zone = self.kube.get(path("", "v1", "nodes", name=node))["metadata"]["labels"].get(
                "topology.kubernetes.io/zone")
            pv = {"apiVersion": "v1", "kind": "PersistentVolume",
                  "metadata": {"name": f"pvc-{m['uid']}", "annotations": {
                      "pv.kubernetes.io/provisioned-by": self.driver},
                      "finalizers": ["external-provisioner.volume.kubernetes.io/finalizer"]},
                  "spec": {"capacity": {"storage": spec["resources"]["requests"]["storage"]},
                           "accessModes": spec["accessModes"],
                           "persistentVolumeReclaimPolicy": sc.get("reclaimPolicy", "Delete"),
                           "storageClassName": sc["metadata"]["name"], "volumeMode": spec.get("volumeMode",
                                                                                                "Filesystem"),
                           "claimRef": {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                                        "namespace": m["namespace"], "name": m["name"], "uid": m["uid"]},
                           "csi": {"driver": self.driver, "fsType": "ext4",
                                   "volumeHandle": "vol-" + m["uid"].replace("-", "")[:17]},
                           "nodeAffinity": {"required": {"nodeSelectorTerms": [{"matchExpressions": [{
                               "key": "topology.kubernetes.io/zone", "operator": "In", "values": [zone]}]}]}}}}
            try:
                self.kube.create(path("", "v1", "persistentvolumes"), pv)
            except ApiError as e:
                if e.status != 409:
                    raise
        for pv in self.kube.items(path("", "v1", "persistentvolumes")):
            m = pv["metadata"]
            if (m.get("annotations") or {}).get("pv.kubernetes.io/provisioned-by") != self.driver:
                continue
            released = (pv.get("status") or {}).get("phase") in ("Released", "Failed")
            if released and pv["spec"].get("persistentVolumeReclaimPolicy") == "Delete" or m.get("deletionTimestamp"):
                self.kube.merge_patch(obj_path("", "v1", "persistentvolumes", pv), {"metadata": {"finalizers": None}})
                self.kube.delete(obj_path("", "v1", "persistentvolumes", pv))


class Stubs:
    """Runs every stub every two seconds in a background thread; errors are logged, never swallowed silently."""

    def __init__(self, stubs, log, standins=()):
        self.stubs, self.log, self.standins = stubs, log, list(standins)
        self.errors = []
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self.thread.start()

    def _run(self):
        while not self._stop.wait(2):
            for s in self.stubs + self.standins:
                try:
                    if not hasattr(s, "active") or s.active():
                        s.sync()
                except ApiError as e:
                    if e.status in (409, 429, 500, 503, 504):  # a conflict or a busy API server: next round
                        continue
                    self._report(s, e)
                except Exception as e:  # noqa: BLE001 - reported at the end of the run
                    self._report(s, e)

    def _report(self, s, e):
        msg = f"{getattr(s, 'name', type(s).__name__)} stub: {e}"
        if msg not in self.errors:
            self.errors.append(msg)
            self.log(msg + "\n" + traceback.format_exc(limit=3))

    def stop(self):
        self._stop.set()
        self.thread.join(10)
