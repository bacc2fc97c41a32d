#!/usr/bin/env bash
# Collects the CRDs of the pinned add-on versions (gitops/hack/crd-sources.txt) from the Go module cache
# into OUT_DIR, one folder per add-on. `go mod download` fetches a module once; later runs are offline.
#   gitops/hack/crds.sh OUT_DIR
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:?usage: crds.sh OUT_DIR}
rm -rf "$out" && mkdir -p "$out"
grep -vE '^\s*(#|$)' "$here/crd-sources.txt" | while read -r name modver glob _; do
  # Some modules declare a newer Go than the machine's; the go command then fetches that toolchain itself.
  dir=$(GOTOOLCHAIN=${GITOPS_CRDS_GOTOOLCHAIN:-go1.27.3} GOFLAGS=-mod=mod go mod download -json "$modver" \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(d["Error"]) if d.get("Error") else print(d["Dir"])')
  mkdir -p "$out/$name"
  n=0
  for f in $dir/$glob; do
    [ -f "$f" ] || continue
    case "$(basename "$f")" in kustomization.yaml|README*) continue ;; esac
    cp "$f" "$out/$name/" && chmod u+w "$out/$name/$(basename "$f")"
    n=$((n + 1))
  done
  [ "$n" -gt 0 ] || { echo "error: no CRD files matched $modver $glob" >&2; exit 1; }
  echo "crds: $name $modver: $n files" >&2
done
