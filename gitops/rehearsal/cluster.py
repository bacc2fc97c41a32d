"""A real Kubernetes control plane as local processes, with kwok standing in for the kubelets.

etcd, kube-apiserver, kube-controller-manager and kube-scheduler are the upstream programs (built from their Go
modules by tools/recipes/rehearsal-cluster.sh); kwok keeps the nodes of nodes.yaml Ready and moves their pods
through the phases a kubelet would (Pending -> Running/Ready, Succeeded for Job pods, gone on deletion) without
running any container. Admission runs for real: Pod Security Admission, ValidatingAdmissionPolicy, CRD schemas with
their CEL rules, server-side apply. Webhook admission is off: every webhook backend the charts register is a pod
that kwok reports Running but that runs no code, so a call to it could only time out (docs/rehearsal.md).
"""
import json
import ssl
import subprocess
import urllib.request
from pathlib import Path

import yaml

from procs import Proc, free_port, wait_for

HERE = Path(__file__).resolve().parent
SERVICE_CIDR = "10.96.0.0/16"
POD_CIDR = "10.244.0.1/16"


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


class Pki:
    """Throw-away certificate authorities and leaf certificates, made with the openssl command."""

    def __init__(self, d: Path):
        self.d = d
        d.mkdir(parents=True, exist_ok=True)

    def __getitem__(self, name):
        return str(self.d / name)

    def ca(self, name, cn):
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={cn}",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-keyout", f"{name}.key", "-out", f"{name}.crt", cwd=self.d)

    def leaf(self, name, ca, subject, usage, sans=None):
        openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", f"{name}.key",
                "-out", f"{name}.csr", cwd=self.d)
        ext = self.d / f"{name}.ext"
        ext.write_text(f"extendedKeyUsage={usage}\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                       + (f"subjectAltName={sans}\n" if sans else ""))
        openssl("x509", "-req", "-in", f"{name}.csr", "-CA", f"{ca}.crt", "-CAkey", f"{ca}.key", "-CAcreateserial",
                "-days", "2", "-extfile", ext.name, "-out", f"{name}.crt", cwd=self.d)


def cluster_pki(d: Path):
    """Cluster CA, API server serving cert, client certs, front-proxy CA and client, service-account keys."""
    c = Pki(d)
    c.ca("ca", "rehearsal-ca")
    c.ca("front-proxy-ca", "rehearsal-front-proxy-ca")
    sans = ("IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,"
            "DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local")
    c.leaf("apiserver", "ca", "/CN=kube-apiserver", "serverAuth", sans)
    # system:masters is bound to cluster-admin by the API server's bootstrap RBAC policy.
    c.leaf("admin", "ca", "/O=system:masters/CN=rehearsal-admin", "clientAuth")
    c.leaf("controller-manager", "ca", "/CN=system:kube-controller-manager", "clientAuth")
    c.leaf("scheduler", "ca", "/CN=system:kube-scheduler", "clientAuth")
    c.leaf("front-proxy-client", "front-proxy-ca", "/CN=front-proxy-client", "clientAuth")
    # kwok's kubelet endpoint (metrics-server scrapes /metrics/resource there).
    c.leaf("kwok", "ca", "/CN=kwok", "serverAuth", "IP:127.0.0.1,DNS:localhost")
    openssl("genrsa", "-out", "sa.key", "2048", cwd=d)
    openssl("rsa", "-in", "sa.key", "-pubout", "-out", "sa.pub", cwd=d)
    return c


def kubeconfig(path: Path, server, certs, user, context, namespace="default"):
    path.write_text(yaml.safe_dump({
        "apiVersion": "v1", "kind": "Config", "current-context": context,
        "clusters": [{"name": "rehearsal", "cluster": {"server": server, "certificate-authority": certs["ca.crt"]}}],
        "users": [{"name": user, "user": {"client-certificate": certs[f"{user}.crt"],
                                          "client-key": certs[f"{user}.key"]}}],
        "contexts": [{"name": context, "context": {"cluster": "rehearsal", "user": user, "namespace": namespace}}],
    }))
    return path


class ControlPlane:
    """etcd + kube-apiserver + kube-controller-manager + kube-scheduler + kwok, all on free loopback ports."""

    def __init__(self, work: Path, bindir: Path, context: str, egress, kwok_module: Path, log=print):
        self.work, self.bin, self.context, self.log = work, bindir, context, log
        self.egress, self.kwok_module = egress, kwok_module
        self.procs = []
        self.port = free_port()
        self.server = f"https://127.0.0.1:{self.port}"
        self.kubeconfig = work / "kubeconfig"

    def _start(self, name, *argv, env=None):
        p = Proc(name, [self.bin / name, *argv], self.work / "logs", env=env).start()
        self.procs.append(p)
        return p

    def start(self):
        c = self.certs = cluster_pki(self.work / "pki")
        etcd_port, peer_port = free_port(), free_port()
        # --unsafe-no-fsync: the data is thrown away after the run; fsync would only slow a shared disk.
        etcd = self._start("etcd", "--name", "rehearsal", "--data-dir", self.work / "etcd",
                           "--listen-client-urls", f"http://127.0.0.1:{etcd_port}",
                           "--advertise-client-urls", f"http://127.0.0.1:{etcd_port}",
                           "--listen-peer-urls", f"http://127.0.0.1:{peer_port}",
                           "--initial-advertise-peer-urls", f"http://127.0.0.1:{peer_port}",
                           "--initial-cluster", f"rehearsal=http://127.0.0.1:{peer_port}",
                           "--unsafe-no-fsync", "--log-level", "warn")
        wait_for("etcd", lambda: urllib.request.urlopen(f"http://127.0.0.1:{etcd_port}/health", timeout=2)
                 .status == 200, 60, [etcd])
        apiserver = self._start(
            "kube-apiserver",
            "--etcd-servers", f"http://127.0.0.1:{etcd_port}",
            "--bind-address", "127.0.0.1", "--advertise-address", "127.0.0.1", "--secure-port", self.port,
            "--tls-cert-file", c["apiserver.crt"], "--tls-private-key-file", c["apiserver.key"],
            "--client-ca-file", c["ca.crt"],
            "--service-account-issuer", "https://kubernetes.default.svc.cluster.local",
            "--service-account-key-file", c["sa.pub"], "--service-account-signing-key-file", c["sa.key"],
            "--service-cluster-ip-range", SERVICE_CIDR,
            "--authorization-mode", "RBAC",
            "--allow-privileged=true",
            # See the module docstring: no webhook backend can answer here.
            "--disable-admission-plugins", "MutatingAdmissionWebhook,ValidatingAdmissionWebhook",
            # Aggregated APIs (metrics.k8s.io): the front proxy, and endpoints instead of cluster IPs (no kube-proxy).
            "--requestheader-client-ca-file", c["front-proxy-ca.crt"],
            "--requestheader-allowed-names", "front-proxy-client",
            "--requestheader-username-headers", "X-Remote-User",
            "--requestheader-group-headers", "X-Remote-Group",
            "--requestheader-extra-headers-prefix", "X-Remote-Extra-",
            "--proxy-client-cert-file", c["front-proxy-client.crt"],
            "--proxy-client-key-file", c["front-proxy-client.key"],
            "--enable-aggregator-routing=true",
            # Its traffic into the cluster goes through the rehearsal's egress proxy (standins.py).
            "--egress-selector-config-file", self._egress_config(),
            "--profiling=false", "--v=1")
        ctx = ssl.create_default_context(cafile=c["ca.crt"])
        ctx.load_cert_chain(c["admin.crt"], c["admin.key"])
        wait_for("kube-apiserver /readyz",
                 lambda: urllib.request.urlopen(f"{self.server}/readyz", context=ctx, timeout=5).status == 200,
                 120, [apiserver])
        kubeconfig(self.kubeconfig, self.server, c, "admin", self.context)
        kcm_cfg = kubeconfig(self.work / "controller-manager.kubeconfig", self.server, c, "controller-manager", "kcm")
        self._start("kube-controller-manager", "--kubeconfig", kcm_cfg,
                    "--authentication-kubeconfig", kcm_cfg, "--authorization-kubeconfig", kcm_cfg,
                    "--bind-address", "127.0.0.1", "--secure-port", free_port(), "--leader-elect=false",
                    "--service-account-private-key-file", c["sa.key"], "--root-ca-file", c["ca.crt"],
                    "--cluster-signing-cert-file", c["ca.crt"], "--cluster-signing-key-file", c["ca.key"],
                    "--use-service-account-credentials=true", "--service-cluster-ip-range", SERVICE_CIDR,
                    "--profiling=false", "--v=1")
        sched_cfg = kubeconfig(self.work / "scheduler.kubeconfig", self.server, c, "scheduler", "scheduler")
        self._start("kube-scheduler", "--kubeconfig", sched_cfg,
                    "--authentication-kubeconfig", sched_cfg, "--authorization-kubeconfig", sched_cfg,
                    "--bind-address", "127.0.0.1", "--secure-port", free_port(), "--leader-elect=false",
                    "--profiling=false", "--v=1")
        # kwok's kubelet endpoint serves each node's /metrics/resource from kwok's own Metric and
        # ClusterResourceUsage definitions (its module's kustomize/metrics), as kwokctl sets it up for metrics-server.
        kwok_cfg = self.work / "kwok.yaml"
        kwok_cfg.write_text("\n---\n".join(
            (self.kwok_module / "kustomize" / "metrics" / f).read_text()
            for f in ("resource/metrics-resource.yaml", "usage/usage-from-annotation.yaml")))
        self.kwok_port = free_port()
        self._start("kwok", "--config", kwok_cfg, "--kubeconfig", self.kubeconfig,
                    "--manage-all-nodes=false", "--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake",
                    # Leases, as kubelets renew them: without, the node lifecycle controller marks nodes NotReady.
                    "--node-lease-duration-seconds", "40",
                    "--cidr", POD_CIDR, "--node-ip", "127.0.0.1", "--node-port", self.kwok_port,
                    "--server-address", f"127.0.0.1:{self.kwok_port}",
                    "--tls-cert-file", c["kwok.crt"], "--tls-private-key-file", c["kwok.key"])
        self.create_nodes()
        wait_for("every node Ready", self.nodes_ready, 120, self.procs, interval=1)
        self.log(f"control plane up at {self.server}: " + ", ".join(p.name for p in self.procs))

    def _egress_config(self):
        f = self.work / "egress-selector.yaml"
        f.write_text(self.egress.config())
        return f

    def kubectl(self, *args, input=None, check=True):
        r = subprocess.run([self.bin / "kubectl", "--kubeconfig", self.kubeconfig, *args], input=input,
                           capture_output=True, text=True)
        if check and r.returncode != 0:
            raise RuntimeError(f"kubectl {' '.join(args)}: {r.stderr.strip()}")
        return r.stdout

    def get(self, *args):
        return json.loads(self.kubectl("get", *args, "-o", "json"))

    def create_nodes(self):
        nodes, sizes = [], {}
        for n in yaml.safe_load((HERE / "nodes.yaml").read_text()):
            labels = {"kubernetes.io/hostname": n["name"], "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
                      "topology.kubernetes.io/zone": n["zone"], "topology.kubernetes.io/region": n["zone"][:-1],
                      "node.kubernetes.io/instance-type": n["instanceType"], "type": "kwok", **n["labels"]}
            nodes.append({"apiVersion": "v1", "kind": "Node",
                          "metadata": {"name": n["name"], "labels": labels,
                                       "annotations": {"kwok.x-k8s.io/node": "fake",
                                                       "node.alpha.kubernetes.io/ttl": "0",
                                                       "metrics.k8s.io/resource-metrics-path":
                                                           f"/metrics/nodes/{n['name']}/metrics/resource"}}})
            sizes[n["name"]] = n["allocatable"]
        self.kubectl("apply", "-f", "-", input=json.dumps({"apiVersion": "v1", "kind": "List", "items": nodes}))
        # Capacity is node status, which a kubelet (here kwok) reports: set after the node exists.
        for name, alloc in sizes.items():
            self.kubectl("patch", "node", name, "--subresource=status", "--type=merge",
                         "-p", json.dumps({"status": {"allocatable": alloc, "capacity": alloc}}))

    def nodes_ready(self):
        items = self.get("nodes")["items"]
        return items and all(any(c["type"] == "Ready" and c["status"] == "True"
                                 for c in i.get("status", {}).get("conditions", [])) for i in items)

    def check(self):
        for p in self.procs:
            p.check()

    def stop(self):
        for p in reversed(self.procs):
            p.stop()
