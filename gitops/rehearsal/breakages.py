"""Broken changes the rehearsal must refuse, each naming the object (`rehearse.py --break NAME`, `make rehearsal-proofs`).

Each function edits the snapshot of the repository before it is published; EXPECT holds the text the failed run's
report must contain, so a proof that fails for another reason does not count.
"""
import re
from pathlib import Path


def _edit(f: Path, old, new, count=1):
    text = f.read_text()
    if old not in text:
        raise RuntimeError(f"breakage: {old!r} not found in {f}")
    f.write_text(text.replace(old, new, count))


def pod_security(repo: Path):
    """order-service lets its container escalate privileges, which Pod Security "restricted" refuses."""
    _edit(repo / "gitops/apps/order-service/base/deployment.yaml", "allowPrivilegeEscalation: false",
          "allowPrivilegeEscalation: true")


def missing_path(repo: Path):
    """The user-service Application points at an overlay folder that does not exist."""
    _edit(repo / "gitops/platform/argocd/applications/user-service.yaml", "path: gitops/apps/user-service/overlays/dev",
          "path: gitops/apps/user-service/overlays/staging")


def cr_before_crd(repo: Path):
    """karpenter-config (the NodePool) moves to a wave before karpenter, whose chart installs the NodePool CRD."""
    f = repo / "gitops/platform/argocd/applications/karpenter-config.yaml"
    f.write_text(re.sub(r'argocd.argoproj.io/sync-wave: "-?\d+"', 'argocd.argoproj.io/sync-wave: "-15"',
                        f.read_text(), count=1))


def gateway_api_late(repo: Path):
    """envoy-gateway, which installs the Gateway API CRDs, moves to cert-manager's wave; cert-manager starts with
    enableGatewayAPI (in its config file) and would exit until those CRDs exist."""
    f = repo / "gitops/platform/argocd/applications/envoy-gateway.yaml"
    f.write_text(re.sub(r'argocd.argoproj.io/sync-wave: "-?\d+"', 'argocd.argoproj.io/sync-wave: "-10"',
                        f.read_text(), count=1))


def bootstrap_all(repo: Path):
    """The bootstrap applies every child Application at once instead of the AppProjects and the root only."""
    _edit(repo / "mk/gitops.mk", " -l kubeflow-ops/bootstrap=true -f -", " -f -")


def teardown_keeps_namespaces(repo: Path):
    """The teardown no longer deletes our namespaces, so they stay, and with them the volume claims of StatefulSets
    that keep theirs (Prometheus and Tempo on AWS). In the rehearsal those two are placeholders and Loki's chart deletes
    its claims with its StatefulSet, so the namespaces are what is left to report."""
    f = repo / "mk/gitops.mk"
    lines = f.read_text().splitlines(keepends=True)
    drop = [i for i, line in enumerate(lines) if "delete namespace $(GITOPS_NAMESPACES)" in line
            or "wait --for=delete persistentvolumes" in line]
    if len(drop) != 2:
        raise RuntimeError(f"breakage: expected the namespace delete and the volume wait in {f}, found {len(drop)}")
    f.write_text("".join(line for i, line in enumerate(lines) if i not in drop))


def hpa_without_metrics(repo: Path):
    """metrics-server is gone, so the services' HorizontalPodAutoscalers have no metrics source."""
    (repo / "gitops/platform/argocd/applications/metrics-server.yaml").unlink()
    _edit(repo / "gitops/platform/argocd/applications/kustomization.yaml", "  - metrics-server.yaml\n", "")


BREAKAGES = {"pod-security": pod_security, "missing-path": missing_path, "cr-before-crd": cr_before_crd,
             "gateway-api-late": gateway_api_late, "hpa-without-metrics": hpa_without_metrics,
             "bootstrap-all": bootstrap_all, "teardown-keeps-namespaces": teardown_keeps_namespaces}
EXPECT = {"pod-security": "order-service", "missing-path": "user-service", "cr-before-crd": "karpenter-config",
          "gateway-api-late": "starts with enableGatewayAPI", "hpa-without-metrics": "HorizontalPodAutoscaler",
          "bootstrap-all": "sync waves not kept", "teardown-keeps-namespaces": "left after teardown: namespace monitoring"}
