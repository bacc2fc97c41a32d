# kubectl-validate from its Go module (no replace directives upstream). This revision embeds the native
# Kubernetes schemas up to 1.35, so `--version 1.32` validates offline.
go_install "sigs.k8s.io/kubectl-validate@$VERSION"
"$DEST/kubectl-validate" --help > /dev/null
