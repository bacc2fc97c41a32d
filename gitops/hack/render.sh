#!/usr/bin/env bash
# Renders every kustomization we deploy with `kubectl kustomize` into OUT_DIR/<folder>.yaml (folder path with
# '/' as '__') and prints the number of objects per folder.
#   gitops/hack/render.sh OUT_DIR
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=${1:?usage: render.sh OUT_DIR}
rm -rf "$out" && mkdir -p "$out"
cd "$root"
# What ArgoCD syncs: every overlay, the apps' common folder and every platform folder with a kustomization
# (gitops/platform/argocd/applications is part of gitops/platform/argocd; gitops/environments is a component).
folders=$( { ls -d gitops/apps/*/overlays/*/; echo gitops/apps/common/;
  find gitops/platform -name kustomization.yaml -printf '%h/\n' | grep -v '^gitops/platform/argocd/applications/$'; } | sort -u)
total=0
for f in $folders; do
  f=${f%/}
  name=${f#gitops/}
  name=${name////__}
  kubectl kustomize "$f" > "$out/$name.yaml" || { echo "error: kubectl kustomize $f failed" >&2; exit 1; }
  n=$(grep -c '^kind: ' "$out/$name.yaml" || true)
  total=$((total + n))
  printf '  %-48s %3d objects\n' "$f" "$n"
done
printf '  %-48s %3d objects\n' "total" "$total"
