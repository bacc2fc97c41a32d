#!/usr/bin/env python3
"""The rehearsal: this repository's GitOps tree synced by real ArgoCD onto a real Kubernetes control plane, then
torn down again, all offline and as local processes (docs/rehearsal.md).

  rehearse.py --bin DIR [--work DIR] [--timeout S] [--stall S] [--keep] [--break NAME]

1. A snapshot of the working tree is served by a local git server. As `make deploy` does, `make gitops-handoff`
   writes the hand-off of a (fake) account (handoff.json) and `make gitops-publish GITOPS_PUSH=1` commits and
   pushes it to the revision ArgoCD reads; settings.env points at the local git server, as a fork's would.
2. etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok start (cluster.py), ArgoCD's controller
   and repo-server (argocd.py) with a local chart repository (charts.py) and the status stubs (stubs.py).
3. `make gitops-bootstrap` (without the Helm install of ArgoCD, which already runs) applies the root app-of-apps.
4. The run waits until every Application is Synced and Healthy, checks what ArgoCD cannot see (waves kept, CRDs
   before their resources, HPAs with metrics, no pod refused by admission, the hand-off's values in the cluster),
   and prints one row per Application.
5. `make gitops-teardown` runs against the cluster, and nothing of ours may be left.
--break NAME applies one of the broken changes of breakages.py first: the run must then fail and name the object.
Exit status: 0 when every check passed, 1 otherwise.
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import breakages  # noqa: E402
import checks  # noqa: E402
from argocd import ArgoCD  # noqa: E402
from charts import ChartRepository, module_dir  # noqa: E402
from cluster import ControlPlane  # noqa: E402
from gitserver import GitServer, git, snapshot  # noqa: E402
from kube import Kube  # noqa: E402
from secretsmanager import SecretsManager  # noqa: E402
from standins import EgressProxy, MetricsServer  # noqa: E402
from stubs import CertManager, CloudControllers, EnvoyGateway, ExternalSecrets, Karpenter, Stubs  # noqa: E402

ROOT = HERE.parent.parent
START = time.monotonic()
_said = set()


def log(msg, once=False):
    if once:
        if msg in _said:
            return
        _said.add(msg)
    print(f"[{time.monotonic() - START:6.1f}s] {msg}", flush=True)


def env_values(repo, env="dev"):
    values = {}
    for f in ("handoff.env", "settings.env"):
        for line in (repo / "gitops" / "environments" / env / f).read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                k, _, v = line.partition("=")
                values[k] = v
    return values


def make(repo, *args, env=None):
    log("make " + " ".join(args))
    r = subprocess.run(["make", "--no-print-directory", "-C", str(repo), *args], env=env, text=True,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    for line in r.stdout.splitlines():
        print("    " + line, flush=True)
    if r.returncode != 0:
        raise RuntimeError(f"make {args[0]} failed (exit {r.returncode})")


def rendered(kubectl, folder):
    out = subprocess.run([kubectl, "kustomize", str(folder)], capture_output=True, text=True, check=True).stdout
    return [d for d in yaml.safe_load_all(out) if d]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True, type=Path, help="bin folder of the rehearsal-cluster tool")
    ap.add_argument("--work", type=Path, default=ROOT / "build" / "rehearsal")
    ap.add_argument("--timeout", type=int, default=2700, help="seconds to wait for convergence at most")
    ap.add_argument("--stall", type=int, default=300,
                    help="seconds without any change in ArgoCD's view after which the wait gives up")
    ap.add_argument("--keep", action="store_true", help="leave the cluster running after convergence (no teardown)")
    ap.add_argument("--break", dest="breakage", choices=sorted(breakages.BREAKAGES), help="rehearse a broken change")
    args = ap.parse_args()
    work = args.work.resolve()
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    bindir = args.bin.resolve()
    os.environ["PATH"] = f"{bindir}:{os.environ['PATH']}"
    running = []
    problems = []

    # SIGTERM (a CI timeout, `kill`) ends the run like Ctrl-C: through the finally below, which stops every server.
    def terminate(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, terminate)
    try:
        problems = rehearse(args, work, bindir, running)
    except (Exception, KeyboardInterrupt) as e:  # noqa: BLE001 - any failure ends the run with its message
        problems = [f"{type(e).__name__}: {e}"]
    finally:
        for r in reversed(running):
            r.stop()
    total = time.monotonic() - START
    if problems:
        print(f"\nREHEARSAL FAILED after {total:.0f}s ({len(problems)} problems; logs in {work / 'logs'}):")
        for p in problems:
            print("  - " + p)
        return 1
    print(f"\nREHEARSAL PASSED in {total:.0f}s")
    return 0


def rehearse(args, work, bindir, running):
    # 1. The repository ArgoCD reads, with the hand-off of a fake account published the way `make deploy` does.
    repo = work / "repo"
    snapshot(ROOT, repo)
    if args.breakage:
        log(f"breaking the snapshot: {args.breakage}: {breakages.BREAKAGES[args.breakage].__doc__.strip()}")
        breakages.BREAKAGES[args.breakage](repo)
        git("add", "-A", cwd=repo)
        git("commit", "-q", "-m", f"Broken on purpose: {args.breakage}", cwd=repo)
    gitserver = GitServer(work)
    gitserver.start(work / "logs")
    running.append(gitserver)
    settings = repo / "gitops" / "environments" / "dev" / "settings.env"
    settings.write_text("".join(f"git_repo_url={gitserver.url}\n" if line.startswith("git_repo_url=") else line + "\n"
                                for line in settings.read_text().splitlines()))
    make_env = {**os.environ, "KUBECONFIG": str(work / "kubeconfig")}
    make(repo, "gitops-handoff", f"HANDOFF_JSON={HERE / 'handoff.json'}", env=make_env)
    make(repo, "gitops-publish", "GITOPS_PUSH=1", env=make_env)
    values = env_values(repo)
    context = f"arn:aws:eks:{values['region']}:{values['account_id']}:cluster/{values['cluster_name']}"

    # 2. Charts, control plane, ArgoCD, stubs.
    apps = [d for d in rendered(bindir / "kubectl", repo / "gitops" / "platform" / "argocd")
            if d["kind"] == "Application"]
    charts = ChartRepository(work / "charts", bindir / "helm", log)
    charts.prepare(apps)
    charts.start()
    running.append(charts)
    egress = EgressProxy(work / "egress.sock", log)
    egress.start()
    running.append(egress)
    k8s, argocd_version, kwok_version = os.environ["REHEARSAL_CLUSTER_VERSION"].split("-")[:3]
    cp = ControlPlane(work, bindir, context, egress, module_dir(f"sigs.k8s.io/kwok@v{kwok_version}"), log)
    running.append(cp)
    cp.start()
    os.environ["KUBECONFIG"] = str(cp.kubeconfig)
    kube = Kube(cp.server, cp.certs["ca.crt"], cp.certs["admin.crt"], cp.certs["admin.key"])
    argocd_version = "v" + argocd_version
    argo = ArgoCD(cp, bindir, bindir / "redis-server", work, repo / "gitops/platform/argocd/values.yaml",
                  argocd_version, charts, log)
    argo.install()
    argo.start()
    running.append(argo)
    sm = SecretsManager.after_deploy(repo, values)
    log("rehearsal Secrets Manager: " + sm.describe())
    metrics = MetricsServer(kube, egress, bindir, work, cp.kubeconfig, log)
    running.append(metrics)
    stubs = Stubs([CertManager(kube, log), ExternalSecrets(kube, log, sm), Karpenter(kube, log),
                   EnvoyGateway(kube, log), CloudControllers(kube, log)], log, standins=[metrics])
    stubs.start()
    running.append(stubs)

    # 3. The bootstrap a real deploy runs, minus the Helm install of ArgoCD.
    t0 = time.monotonic()
    make(repo, "gitops-bootstrap", "GITOPS_INSTALL_ARGOCD=0", "GITOPS_WAIT=0", env=make_env)

    # 4. Converge, check, report.
    watch = checks.Watch(kube, apps, charts.rows, log, t0)
    converged = watch.wait(args.timeout, args.stall, [cp, argo])
    problems = watch.problems(converged, values, charts) + [f"stub error: {e}" for e in stubs.errors]
    print(watch.table(charts, stubs), flush=True)
    if args.keep:
        log(f"--keep: cluster left running; KUBECONFIG={cp.kubeconfig}; press Ctrl-C to stop")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        return problems
    if problems:
        return problems

    # 5. The teardown a real `make teardown` runs first, and nothing of ours may remain.
    before = checks.inventory(kube)
    t1 = time.monotonic()
    make(repo, "gitops-teardown", "GITOPS_TEARDOWN_DNS_WAIT=0", "GITOPS_TEARDOWN_TIMEOUT=5m", env=make_env)
    left = checks.leftovers(kube, before)
    log(f"teardown took {time.monotonic() - t1:.0f}s; " + ("nothing of ours is left" if not left else
                                                          f"{len(left)} things left"))
    return [f"left after teardown: {x}" for x in left] + [f"stub error: {e}" for e in stubs.errors]


if __name__ == "__main__":
    sys.exit(main())
