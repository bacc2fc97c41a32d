#!/usr/bin/env bash
# Strict schema validation of the rendered manifests with kubectl-validate: native kinds against the embedded
# Kubernetes schema of K8S_VERSION, custom resources against the CRDs in CRD_DIR/*; unknown fields, wrong types,
# CEL rules of the CRDs and unknown kinds are all errors.
#   gitops/hack/validate.sh K8S_VERSION CRD_DIR RENDERED_DIR
set -euo pipefail
version=${1:?usage: validate.sh K8S_VERSION CRD_DIR RENDERED_DIR} crds=${2:?} rendered=${3:?}
crd_dirs=$(find "$crds" -mindepth 1 -maxdepth 1 -type d | sort | paste -sd, -)
# KUBECONFIG=/dev/null: never ask a live cluster for schemas, even on a machine that has a kube context.
KUBECONFIG=/dev/null kubectl-validate "$rendered" --version "$version" --local-crds "$crd_dirs" > "$rendered.validate.log" 2>&1 \
  && status=0 || status=$?
sed 's/\x1b\[[0-9;]*m//g' "$rendered.validate.log" | grep -v '^$'
objects=$(cat "$rendered"/*.yaml | grep -c '^kind: ' || true)
crd_count=$(find "$crds" -name '*.yaml' -exec grep -h '^kind: CustomResourceDefinition' {} + | wc -l)
if [ "$status" -ne 0 ]; then
  echo "FAIL: kubectl-validate found invalid objects (Kubernetes $version + $crd_count CRDs)"
  exit 1
fi
echo "validate: $objects objects valid against Kubernetes $version and $crd_count CRDs of the pinned add-ons"
