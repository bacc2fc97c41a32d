# Helm from its Go module; only `make gitops-bootstrap` needs it (first install of ArgoCD on a real cluster).
go_install "helm.sh/helm/v3/cmd/helm@v$VERSION"
"$DEST/helm" version --short
