"""The rehearsal's chart repository: every chart an Application pins, served under the Application's own repoURL.

Chart repositories cannot be reached from here, so the charts are packaged with helm from the Go modules that ship
their sources (charts.txt) and served by a local HTTPS proxy that ArgoCD's repo-server uses for every outgoing
request (HTTPS_PROXY). The proxy answers for the chart repositories' hosts with a certificate of a throw-away CA
that only the repo-server trusts: classic repositories get index.yaml and the .tgz files (`helm repo index`), OCI
repositories (public.ecr.aws/karpenter, docker.io/envoyproxy) the OCI distribution API that `helm pull oci://`
speaks. So the Applications are rehearsed exactly as they are in git: same repoURL, chart, version and the same
repository settings (enableOCI) ArgoCD needs on a real cluster. Anything else asked of the proxy is refused and
logged, so a chart that is not served shows up as that Application's sync error, not as a silent skip.
"""
import glob
import hashlib
import http.server
import json
import os
import shutil
import socketserver
import ssl
import subprocess
import threading
import urllib.parse
from pathlib import Path

import yaml

from cluster import Pki
from procs import free_port

HERE = Path(__file__).resolve().parent
HELM_CONFIG = "application/vnd.cncf.helm.config.v1+json"
HELM_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"


def module_dir(modver):
    """The folder of MODULE@VERSION in the Go module cache (downloaded once, as gitops/hack/crds.sh does: some
    modules declare a newer Go than the machine's, and the go command then fetches that toolchain itself)."""
    env = {**os.environ, "GOFLAGS": "-mod=mod",
           "GOTOOLCHAIN": os.environ.get("GITOPS_CRDS_GOTOOLCHAIN", "go1.27.3")}
    out = subprocess.run(["go", "mod", "download", "-json", modver], capture_output=True, text=True, env=env)
    info = json.loads(out.stdout or "{}")
    if "Dir" not in info:
        raise RuntimeError(f"go mod download {modver}: {info.get('Error') or out.stderr.strip()}")
    return Path(info["Dir"])


def read_sources(path=HERE / "charts.txt"):
    """charts.txt as {chart@version: {module, folder, options..., note}}."""
    sources = {}
    for line in path.read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, module, *rest = line.split()
        entry = {"module": module, "note": []}
        if module != "placeholder":
            entry["folder"], rest = rest[0], rest[1:]
        for tok in rest:
            if "=" in tok or (tok == "version" and module != "placeholder"):
                k, _, v = tok.partition("=")
                entry.setdefault(k, []).append(v)
            else:
                entry["note"].append(tok)
        entry["note"] = " ".join(entry["note"])
        sources[key] = entry
    return sources


def chart_sources(applications):
    """(Application name, repoURL, chart, version) for every Helm chart source of the given Applications."""
    out = []
    for app in applications:
        spec = app.get("spec", {})
        for src in spec.get("sources") or [spec.get("source") or {}]:
            if src.get("chart"):
                out.append((app["metadata"]["name"], src["repoURL"], src["chart"], str(src["targetRevision"])))
    return out


def _writable_copy(src, dst):
    shutil.copytree(src, dst, symlinks=False, ignore_dangling_symlinks=True)
    for p in [dst, *dst.rglob("*")]:
        p.chmod(p.stat().st_mode | 0o200)


def _app_version(old, module_version):
    """The release's appVersion: the module tag, written the way the folder writes it (with or without 'v')."""
    if old and old[0].isdigit():
        return module_version.lstrip("v")
    return module_version if module_version.startswith("v") else "v" + module_version


def build_chart(name, version, entry, work: Path):
    """A chart folder ready for `helm package`, from a module (with fix-ups) or as a placeholder."""
    d = work / f"{name}-{version}"
    if d.exists():
        shutil.rmtree(d)
    if entry["module"] == "placeholder":
        (d / "templates").mkdir(parents=True)
        (d / "Chart.yaml").write_text(yaml.safe_dump({
            "apiVersion": "v2", "name": name, "version": version,
            "description": f"Rehearsal placeholder for {name} {version}: the real chart is not available offline"}))
        (d / "templates" / "placeholder.yaml").write_text(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: rehearsal-placeholder-{{ .Release.Name }}\n"
            "data:\n  chart: {{ .Chart.Name }}-{{ .Chart.Version }}\n")
    else:
        modver = entry["module"]
        _writable_copy(module_dir(modver) / entry["folder"], d)
        chart = yaml.safe_load((d / "Chart.yaml").read_text())
        if "version" in entry:
            chart["version"] = version
            chart["appVersion"] = _app_version(str(chart.get("appVersion", "")), modver.rsplit("@", 1)[1])
        deps = chart.get("dependencies") or []
        for spec in entry.get("subchart", []):
            dep, sub_mod, sub_folder = spec.split(":", 2)
            target = d / "charts" / dep
            if target.exists():
                shutil.rmtree(target)
            _writable_copy(module_dir(sub_mod) / sub_folder, target)
            declared = next(x["version"] for x in deps if x["name"] == dep)
            sub = yaml.safe_load((target / "Chart.yaml").read_text())
            sub["version"] = declared
            (target / "Chart.yaml").write_text(yaml.safe_dump(sub, sort_keys=False))
        dropped = {n for spec in entry.get("drop", []) for n in spec.split(",")}
        unknown = dropped - {x["name"] for x in deps}
        if unknown:
            raise RuntimeError(f"charts.txt drops {', '.join(sorted(unknown))}, not dependencies of {name}")
        if dropped or entry.get("subchart"):
            chart["dependencies"] = [x for x in deps if x["name"] not in dropped]
            (d / "Chart.lock").unlink(missing_ok=True)
        (d / "Chart.yaml").write_text(yaml.safe_dump(chart, sort_keys=False))
        for spec in entry.get("values-tmpl", []):
            text = (d / "values.tmpl.yaml").read_text()
            for pair in spec.split(","):
                k, _, v = pair.partition("=")
                text = text.replace("${" + k + "}", v)
            if "${" in text:
                raise RuntimeError(f"{name}: values.tmpl.yaml still has placeholders after {spec}")
            (d / "values.yaml").write_text(text)
        for pattern in entry.get("crds", []):
            _copy_crds(d, module_dir(modver), pattern)
    for spec in entry.get("crds", []) if entry["module"] == "placeholder" else []:
        crd_mod, _, pattern = spec.partition(":")
        _copy_crds(d, module_dir(crd_mod), pattern)
    return d


def _copy_crds(chart_dir, root, pattern):
    files = sorted(glob.glob(str(root / pattern)))
    if not files:
        raise RuntimeError(f"no CRD files match {root}/{pattern}")
    (chart_dir / "crds").mkdir(exist_ok=True)
    for f in files:
        shutil.copy(f, chart_dir / "crds" / Path(f).name)
        (chart_dir / "crds" / Path(f).name).chmod(0o644)


def _split_repo(repo_url):
    """(is_oci, host, path) of an Application repoURL: https://host/path or host/path (OCI)."""
    if "://" in repo_url:
        u = urllib.parse.urlsplit(repo_url)
        return u.scheme == "oci", u.hostname, u.path.strip("/")
    host, _, path = repo_url.partition("/")
    return True, host, path.strip("/")


class ChartRepository:
    """Packages the charts and serves them through an HTTPS proxy (see the module docstring)."""

    def __init__(self, work: Path, helm: Path, log=print):
        self.work, self.helm, self.log = work, helm, log
        self.served = work / "served"
        self.oci = {}  # (host, repository) -> {tag: manifest bytes}
        self.blobs = {}  # digest -> bytes
        self.rows = {}  # Application name -> how its chart was obtained
        self.hosts = set()
        self.misses = []

    def prepare(self, applications):
        sources = read_sources()
        for app, repo_url, chart, version in chart_sources(applications):
            key = f"{chart}@{version}"
            entry = sources.get(key) or {"module": "placeholder", "note": "not listed in charts.txt"}
            d = build_chart(chart, version, entry, self.work / "src")
            tgz = self._package(d)
            is_oci, host, path = _split_repo(repo_url)
            self.hosts.add(host)
            if is_oci:
                self._add_oci(host, f"{path}/{chart}".strip("/"), version, tgz)
            else:
                dest = self.served / host / path
                dest.mkdir(parents=True, exist_ok=True)
                shutil.copy(tgz, dest / tgz.name)
            if entry["module"] == "placeholder":
                why = f"chart only published at {repo_url}, which is not a Go module"
                self.rows[app] = {"rehearsed": False, "chart": key,
                                  "how": "placeholder: " + why + (f"; {entry['note']}" if entry["note"] else "")}
            else:
                self.rows[app] = {"rehearsed": True, "chart": key, "how": f"chart from {entry['module']}"}
        for index_dir in {p.parent for p in self.served.rglob("*.tgz")}:
            rel = index_dir.relative_to(self.served)
            subprocess.run([self.helm, "repo", "index", index_dir, "--url", f"https://{rel}"], check=True,
                           capture_output=True)
        self.log(f"chart repository: {sum(r['rehearsed'] for r in self.rows.values())} charts from Go modules, "
                 f"{sum(not r['rehearsed'] for r in self.rows.values())} placeholders, for hosts "
                 + ", ".join(sorted(self.hosts)))

    def _package(self, chart_dir):
        out = self.work / "packages"
        out.mkdir(parents=True, exist_ok=True)
        r = subprocess.run([self.helm, "package", chart_dir, "--destination", out], capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"helm package {chart_dir.name}: {r.stderr.strip()}")
        return Path(r.stdout.strip().rsplit(" ", 1)[-1])

    def _blob(self, data):
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        self.blobs[digest] = data
        return {"digest": digest, "size": len(data)}

    # Registries whose API lives on another host than their references name (docker.io/x -> registry-1.docker.io).
    OCI_API_HOSTS = {"docker.io": "registry-1.docker.io"}

    def _add_oci(self, host, repository, tag, tgz):
        """What `helm push` would upload: the chart metadata as the config blob, the .tgz as the one layer."""
        host = self.OCI_API_HOSTS.get(host, host)
        self.hosts.add(host)
        import tarfile
        with tarfile.open(tgz) as t:
            member = next(m for m in t.getmembers() if m.name.count("/") == 1 and m.name.endswith("/Chart.yaml"))
            meta = yaml.safe_load(t.extractfile(member).read())
        config = {"mediaType": HELM_CONFIG, **self._blob(json.dumps(meta).encode())}
        layer = {"mediaType": HELM_LAYER, **self._blob(tgz.read_bytes())}
        manifest = json.dumps({"schemaVersion": 2, "mediaType": OCI_MANIFEST, "config": config,
                               "layers": [layer]}).encode()
        self.oci.setdefault((host, repository), {})[tag] = manifest

    def start(self):
        pki = Pki(self.work / "pki")
        pki.ca("ca", "rehearsal-chart-repository-ca")
        pki.leaf("proxy", "ca", "/CN=rehearsal-chart-repository", "serverAuth",
                 ",".join(f"DNS:{h}" for h in sorted(self.hosts)))
        self.ca_file = pki["ca.crt"]
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(pki["proxy.crt"], pki["proxy.key"])
        self.port = free_port()
        self.server = _ProxyServer(("127.0.0.1", self.port), _ProxyHandler, self, tls)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log(f"chart repository proxy at {self.url}")

    def stop(self):
        if getattr(self, "server", None):
            self.server.shutdown()
            self.server.server_close()

    # Answers for one request on a tunnel to `host`: (status, content type, body, extra headers).
    def answer(self, host, path):
        path = urllib.parse.urlsplit(path).path
        if path.rstrip("/") == "/v2":
            return 200, "application/json", b"{}", {}
        if path.startswith("/v2/"):
            return self._answer_oci(host, path[4:])
        f = (self.served / host / path.lstrip("/")).resolve()
        if f.is_file() and self.served.resolve() in f.parents:
            ctype = "application/x-yaml" if f.suffix == ".yaml" else "application/gzip"
            return 200, ctype, f.read_bytes(), {}
        return self._miss(host, path)

    def _answer_oci(self, host, rest):
        for kind in ("manifests", "blobs", "tags"):
            marker = f"/{kind}/"
            if marker in rest:
                repository, ref = rest.split(marker, 1)
                break
        else:
            return self._miss(host, "/v2/" + rest)
        tags = self.oci.get((host, repository), {})
        if kind == "tags":
            return 200, "application/json", json.dumps({"name": repository, "tags": sorted(tags)}).encode(), {}
        if kind == "blobs" and ref in self.blobs:
            return 200, "application/octet-stream", self.blobs[ref], {"Docker-Content-Digest": ref}
        if kind == "manifests":
            for manifest in tags.values() if ref.startswith("sha256:") else [tags.get(ref)]:
                if manifest and (not ref.startswith("sha256:")
                                 or "sha256:" + hashlib.sha256(manifest).hexdigest() == ref):
                    digest = "sha256:" + hashlib.sha256(manifest).hexdigest()
                    return 200, OCI_MANIFEST, manifest, {"Docker-Content-Digest": digest}
        return self._miss(host, "/v2/" + rest)

    def _miss(self, host, path):
        self.misses.append(f"https://{host}{path}")
        return 404, "text/plain", f"not served by the rehearsal chart repository: https://{host}{path}\n".encode(), {}


class _ProxyServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True

    def __init__(self, addr, handler, repo, tls):
        super().__init__(addr, handler)
        self.repo, self.tls = repo, tls


class _ProxyHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    host = None  # set on the handler that serves the inside of a CONNECT tunnel

    def log_message(self, fmt, *args):  # quiet: misses are collected in ChartRepository.misses
        pass

    def do_CONNECT(self):
        host = self.path.rsplit(":", 1)[0]
        if host not in self.server.repo.hosts:
            self.send_error(403, f"the rehearsal serves no repository at {host}")
            return
        self.send_response(200, "Connection established")
        self.end_headers()
        try:
            tunnel = self.server.tls.wrap_socket(self.connection, server_side=True)
        except (ssl.SSLError, OSError):
            self.close_connection = True
            return
        type("Tunnel", (_ProxyHandler,), {"host": host})(tunnel, self.client_address, self.server)
        self.close_connection = True

    def _reply(self, with_body):
        if self.host is None:  # a plain-HTTP proxy request: the path is the whole URL
            u = urllib.parse.urlsplit(self.path)
            host, path = u.hostname, u.path
        else:
            host, path = self.host, self.path
        status, ctype, body, headers = self.server.repo.answer(host, path)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def do_GET(self):
        self._reply(True)

    def do_HEAD(self):
        self._reply(False)
