"""A small client of the Kubernetes REST API (the rehearsal cluster's admin credentials), for the status stubs and
the assertions: list, get, create, patch (status too), delete and evict, without starting a kubectl per call."""
import json
import ssl
import urllib.error
import urllib.parse
import urllib.request


class ApiError(Exception):
    def __init__(self, status, body):
        super().__init__(f"{status}: {body[:300]}")
        self.status, self.body = status, body


def path(group, version, plural, namespace=None, name=None, sub=None):
    base = f"/api/{version}" if group in ("", "core") else f"/apis/{group}/{version}"
    if namespace:
        base += f"/namespaces/{namespace}"
    base += f"/{plural}"
    if name:
        base += f"/{name}"
    if sub:
        base += f"/{sub}"
    return base


class Kube:
    def __init__(self, server, ca, cert, key):
        self.server = server
        self.ctx = ssl.create_default_context(cafile=ca)
        self.ctx.load_cert_chain(cert, key)

    def request(self, method, p, body=None, content_type="application/json", query=None):
        url = self.server + p + ("?" + urllib.parse.urlencode(query) if query else "")
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": content_type,
                                                                             "Accept": "application/json"})
        try:
            with urllib.request.urlopen(req, context=self.ctx, timeout=30) as r:
                raw = r.read()
        except urllib.error.HTTPError as e:
            raise ApiError(e.code, e.read().decode(errors="replace")) from None
        return json.loads(raw) if raw else {}

    def get(self, p, **query):
        return self.request("GET", p, query=query or None)

    def items(self, p, **query):
        """Every object of a list path; [] when the kind does not exist (yet)."""
        try:
            return self.get(p, **query).get("items", [])
        except ApiError as e:
            if e.status == 404:
                return []
            raise

    def create(self, p, obj):
        return self.request("POST", p, obj)

    def merge_patch(self, p, patch):
        return self.request("PATCH", p, patch, "application/merge-patch+json")

    def delete(self, p, **query):
        try:
            return self.request("DELETE", p, query=query or None)
        except ApiError as e:
            if e.status != 404:
                raise
            return {}

    def evict(self, namespace, pod):
        """POST an Eviction: the API server refuses it (429) while a PodDisruptionBudget forbids it."""
        return self.create(path("", "v1", "pods", namespace, pod, "eviction"),
                           {"apiVersion": "policy/v1", "kind": "Eviction",
                            "metadata": {"name": pod, "namespace": namespace}})
