"""Pods whose code the rehearsal runs for real, as local processes, behind the pod IP that kwok gave them.

kwok runs no container, so an aggregated API (metrics.k8s.io) would point at a pod that never answers. For the one
controller the rehearsal's checks need alive, metrics-server, the real program runs as a local process with the
arguments of the Deployment ArgoCD applied (only the listening address, the credentials and the certificate folder
are the rehearsal's), and the API server reaches it through its egress proxy (--egress-selector-config-file,
"cluster" traffic): the proxy (EgressProxy) connects a request for <pod IP>:<container port> of such a pod to the
local process. metrics-server then scrapes kwok's kubelet endpoint of each node (/metrics/resource, usage from
kwok's ClusterResourceUsage), so the HorizontalPodAutoscalers read real metrics through the real API path.
Any other pod address is refused, so nothing else is silently stood in for.
"""
import select
import socket
import socketserver
import threading

from kube import path
from procs import Proc, free_port


class EgressProxy(socketserver.ThreadingUnixStreamServer):
    """HTTP CONNECT proxy on a Unix socket for the API server's traffic into the cluster (webhooks, aggregated APIs)."""
    daemon_threads = True

    def __init__(self, socket_path, log):
        self.socket_path = str(socket_path)
        self.routes = {}  # "ip:port" -> local port
        self.refused = []
        self.log = log
        super().__init__(self.socket_path, _Tunnel)

    def start(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def stop(self):
        self.shutdown()
        self.server_close()

    def config(self):
        return ("apiVersion: apiserver.k8s.io/v1beta1\nkind: EgressSelectorConfiguration\negressSelections:\n"
                "- name: cluster\n  connection:\n    proxyProtocol: HTTPConnect\n    transport:\n      uds:\n"
                f"        udsName: {self.socket_path}\n")


class _Tunnel(socketserver.StreamRequestHandler):
    def handle(self):
        line = self.rfile.readline().decode(errors="replace").split()
        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
            pass
        if len(line) < 2 or line[0] != "CONNECT":
            self.wfile.write(b"HTTP/1.1 405 Method Not Allowed\r\n\r\n")
            return
        target = line[1]
        local = self.server.routes.get(target)
        if local is None:
            if target not in self.server.refused:
                self.server.refused.append(target)
                self.server.log(f"egress proxy: the API server asked for {target}: no process stands in there")
            self.wfile.write(b"HTTP/1.1 503 Service Unavailable\r\n\r\n")
            return
        try:
            upstream = socket.create_connection(("127.0.0.1", local), timeout=10)
        except OSError:
            self.wfile.write(b"HTTP/1.1 502 Bad Gateway\r\n\r\n")
            return
        self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        self.wfile.flush()
        conns = [self.connection, upstream]
        try:
            while True:
                ready, _, _ = select.select(conns, [], [], 300)
                if not ready:
                    return
                for r in ready:
                    data = r.recv(65536)
                    if not data:
                        return
                    (upstream if r is self.connection else self.connection).sendall(data)
        except (ConnectionResetError, BrokenPipeError):
            return  # either end hung up mid-tunnel (the API server drops idle tunnels with a reset): nothing to do
        finally:
            upstream.close()


class MetricsServer:
    """metrics-server of the metrics-server Application, as a local process standing in for its pods."""
    namespace, selector = "kube-system", "app.kubernetes.io/name=metrics-server"
    # Flags whose value is the rehearsal's own (address, credentials, certificates); every other flag is the
    # Deployment's.
    OWN = ("--secure-port", "--bind-address", "--cert-dir", "--kubeconfig", "--authentication-kubeconfig",
           "--authorization-kubeconfig")

    def __init__(self, kube, proxy, bindir, work, kubeconfig, log):
        self.kube, self.proxy, self.bin, self.work, self.kubeconfig, self.log = kube, proxy, bindir, work, \
            kubeconfig, log
        self.proc = None
        self.port = free_port()

    def sync(self):
        deps = self.kube.items(path("apps", "v1", "deployments", self.namespace), labelSelector=self.selector)
        if not deps:
            return
        if self.proc is None:
            c = deps[0]["spec"]["template"]["spec"]["containers"][0]
            args = [a for a in c.get("args", []) if a.split("=")[0] not in self.OWN]
            # kwok's kubelet endpoint has a self-signed certificate (an EKS kubelet's is signed by the cluster CA).
            args.append("--kubelet-insecure-tls")
            argv = [self.bin / "metrics-server", *args, f"--secure-port={self.port}", "--bind-address=127.0.0.1",
                    f"--cert-dir={self.work / 'metrics-server'}", f"--kubeconfig={self.kubeconfig}",
                    f"--authentication-kubeconfig={self.kubeconfig}", f"--authorization-kubeconfig={self.kubeconfig}"]
            self.proc = Proc("metrics-server", argv, self.work / "logs").start()
            self.log("metrics-server: the Deployment's program runs as a local process with its arguments: "
                     + " ".join(args))
            self.container_port = next((p["containerPort"] for p in c.get("ports", []) if p.get("name") == "https"),
                                       None)
        self.proc.check()
        for pod in self.kube.items(path("", "v1", "pods", self.namespace), labelSelector=self.selector):
            ip = (pod.get("status") or {}).get("podIP")
            if ip and self.container_port:
                self.proxy.routes[f"{ip}:{self.container_port}"] = self.port

    def stop(self):
        if self.proc:
            self.proc.stop()
