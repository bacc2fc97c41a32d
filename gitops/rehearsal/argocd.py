"""Real ArgoCD as local processes: the application controller and the repo-server of the version the platform pins.

They run the way ArgoCD's own development setup runs them (its Procfile): ARGOCD_FAKE_IN_CLUSTER makes the
controller treat the kubeconfig's cluster as https://kubernetes.default.svc, a local Redis is their cache, and the
repo-server renders Kustomize and Helm with the helm and kustomize binaries of that ArgoCD release. Only the
installation differs from a real cluster: instead of the argo-cd chart (not available offline), the rehearsal
creates what the chart would for these two components from the same gitops/platform/argocd/values.yaml: the CRDs
of that release, argocd-cm and argocd-cmd-params-cm from `configs.cm` / `configs.params`, and one repository
Secret per `configs.repositories` entry (the chart's own defaults for argocd-cm are not applied). The API server,
UI, dex, notifications and ApplicationSet controller do not run.
"""
import json
import os
import secrets
import socket
from pathlib import Path

import yaml

from charts import module_dir
from procs import Proc, free_port, wait_for

NS = "argocd"
PART_OF = {"app.kubernetes.io/part-of": "argocd"}


def _listening(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


class ArgoCD:
    def __init__(self, cp, bindir: Path, redis_server: Path, work: Path, values_file: Path, version, charts,
                 log=print):
        self.cp, self.bin, self.redis_server, self.work = cp, bindir, redis_server, work
        self.values = yaml.safe_load(values_file.read_text())
        self.version, self.charts, self.log = version, charts, log
        self.procs = []

    def install(self):
        """Namespace, CRDs and the configuration the argo-cd chart would create from our values."""
        crds = module_dir(f"github.com/argoproj/argo-cd/v3@{self.version}") / "manifests" / "crds"
        for f in sorted(crds.glob("*-crd.yaml")):
            self.cp.kubectl("apply", "--server-side", "-f", str(f))
        def established():
            crds = [self.cp.get("crd", n) for n in ("applications.argoproj.io", "appprojects.argoproj.io")]
            return all(any(c["type"] == "Established" and c["status"] == "True"
                           for c in (crd.get("status") or {}).get("conditions") or []) for crd in crds)
        wait_for("ArgoCD's CRDs established", established, 60, self.cp.procs)
        configs = self.values.get("configs", {})
        cm = {k: str(v) for k, v in configs.get("cm", {}).items() if k not in ("create", "annotations")}
        params = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in configs.get("params", {}).items()}
        objs = [
            {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NS}},
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "argocd-cm", "namespace": NS,
                                                                   "labels": PART_OF}, "data": cm},
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "argocd-cmd-params-cm", "namespace": NS,
                                                                   "labels": PART_OF}, "data": params},
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "argocd-rbac-cm", "namespace": NS,
                                                                   "labels": PART_OF}},
            {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "argocd-secret", "namespace": NS,
                                                                "labels": PART_OF},
             "stringData": {"server.secretkey": secrets.token_urlsafe(32)}},
        ]
        for key, repo in configs.get("repositories", {}).items():
            objs.append({"apiVersion": "v1", "kind": "Secret",
                         "metadata": {"name": f"argocd-repo-{key}", "namespace": NS,
                                      "labels": {"argocd.argoproj.io/secret-type": "repository"}},
                         "stringData": {k: str(v) for k, v in repo.items()}})
        self.cp.kubectl("apply", "--server-side", "-f", "-",
                        input=json.dumps({"apiVersion": "v1", "kind": "List", "items": objs}))

    def _start(self, name, argv, env):
        p = Proc(name, argv, self.work / "logs", env=env).start()
        self.procs.append(p)
        return p

    def start(self):
        home = self.work / "argocd-home"
        for d in ("tls", "ssh", "gpg", "tmp"):
            (home / d).mkdir(parents=True, exist_ok=True)
        (home / "ssh" / "ssh_known_hosts").touch()
        redis_port, repo_port = free_port(), free_port()
        redis = self._start("redis", [self.redis_server, "--port", redis_port, "--bind", "127.0.0.1",
                                      "--save", "", "--appendonly", "no"], None)
        wait_for("redis", lambda: _listening(redis_port), 30, [redis])
        kubeconfig = self.work / "argocd.kubeconfig"
        kc = yaml.safe_load(self.cp.kubeconfig.read_text())
        kc["contexts"][0]["context"]["namespace"] = NS
        kubeconfig.write_text(yaml.safe_dump(kc))
        base = {
            "PATH": f"{self.bin}:{os.environ['PATH']}", "HOME": str(home), "TMPDIR": str(home / "tmp"),
            "KUBECONFIG": str(kubeconfig), "ARGOCD_FAKE_IN_CLUSTER": "true",
            "ARGOCD_TLS_DATA_PATH": str(home / "tls"), "ARGOCD_SSH_DATA_PATH": str(home / "ssh"),
            "ARGOCD_GPG_ENABLED": "false", "ARGOCD_GNUPGHOME": str(home / "gpg"),
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0",
        }
        repo_env = {**base, "ARGOCD_BINARY_NAME": "argocd-repo-server",
                    # Every chart repository is the rehearsal's (charts.py); nothing else leaves the machine.
                    "HTTPS_PROXY": self.charts.url, "HTTP_PROXY": self.charts.url, "NO_PROXY": "127.0.0.1,localhost",
                    "SSL_CERT_FILE": self.charts.ca_file}
        repo = self._start("argocd-repo-server",
                           [self.bin / "argocd", "--port", repo_port, "--metrics-port", free_port(),
                            "--redis", f"127.0.0.1:{redis_port}", "--disable-tls", "--loglevel", "info"], repo_env)
        wait_for("argocd-repo-server", lambda: _listening(repo_port), 60, [repo])
        ctrl_env = {**base, "ARGOCD_BINARY_NAME": "argocd-application-controller",
                    "HOSTNAME": "argocd-application-controller-0"}
        self._start("argocd-application-controller",
                    [self.bin / "argocd", "--redis", f"127.0.0.1:{redis_port}",
                     "--repo-server", f"127.0.0.1:{repo_port}", "--repo-server-plaintext",
                     "--metrics-port", free_port(), "--loglevel", "info",
                     # Re-read git every 30s instead of 3 min: the rehearsal pushes and waits.
                     "--app-resync", "30",
                     # Each resource's health in the Application status, so a failure can name the object.
                     "--persist-resource-health"], ctrl_env)
        self.log(f"ArgoCD {self.version}: application controller and repo-server running")

    def check(self):
        for p in self.procs:
            p.check()

    def stop(self):
        for p in reversed(self.procs):
            p.stop()
