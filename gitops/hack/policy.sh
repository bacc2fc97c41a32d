#!/usr/bin/env bash
# Runs all our Kyverno policies over every rendered manifest, as the admission controller would:
# any failed or errored rule fails the check, and at least one rule must have passed.
#   gitops/hack/policy.sh POLICIES_DIR RENDERED_DIR
set -euo pipefail
policies=${1:?usage: policy.sh POLICIES_DIR RENDERED_DIR} rendered=${2:?}
mapfile -t policy_files < <(find "$policies" -mindepth 2 -maxdepth 2 -name '*.yaml' ! -name kyverno-test.yaml | sort)
resource_args=()
for f in "$rendered"/*.yaml; do [ -s "$f" ] && resource_args+=(--resource "$f"); done
log="$rendered.policy.log"
kyverno apply "${policy_files[@]}" "${resource_args[@]}" --remove-color > "$log" 2>&1 && status=0 || status=$?
cat "$log"
summary=$(grep -Eo 'pass: [0-9]+, fail: [0-9]+, warn: [0-9]+, error: [0-9]+, skip: [0-9]+' "$log" | tail -1)
[ -n "$summary" ] || { echo "FAIL: no result summary from kyverno apply (exit $status)"; exit 1; }
read -r pass fail error < <(echo "$summary" | sed -E 's/pass: ([0-9]+), fail: ([0-9]+), warn: [0-9]+, error: ([0-9]+).*/\1 \2 \3/')
if [ "$status" -ne 0 ] || [ "$fail" -ne 0 ] || [ "$error" -ne 0 ] || [ "$pass" -eq 0 ]; then
  echo "FAIL: our rendered manifests do not pass the ${#policy_files[@]} Kyverno policies ($summary; exit $status)"
  exit 1
fi
echo "policy: ${#policy_files[@]} Kyverno policies pass over our rendered manifests ($summary)"
