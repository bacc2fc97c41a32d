#!/usr/bin/env bash
# Waits until the root app-of-apps and every ArgoCD Application are Synced and Healthy, printing progress.
#   gitops/hack/wait-apps.sh CONTEXT TIMEOUT      TIMEOUT as for sleep (30m, 900s); 0 returns at once
set -euo pipefail
ctx=${1:?usage: wait-apps.sh CONTEXT TIMEOUT} limit=${2:?usage: wait-apps.sh CONTEXT TIMEOUT}
[ "$limit" = 0 ] && { echo "not waiting for the Applications (GITOPS_WAIT=0)"; exit 0; }
seconds=$(python3 -c 'import sys; v=sys.argv[1]; u={"s":1,"m":60,"h":3600}; print(int(float(v[:-1])*u[v[-1]]) if v[-1] in u else int(v))' "$limit")
deadline=$((SECONDS + seconds))
last=0
while :; do
  # name sync health: one line per Application.
  apps=$(kubectl --context "$ctx" -n argocd get applications.argoproj.io \
    -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.status.sync.status}{" "}{.status.health.status}{"\n"}{end}' 2> /dev/null || true)
  total=$(grep -c . <<< "$apps" || true)
  waiting=$(awk '$2 != "Synced" || $3 != "Healthy" { printf "%s%s (%s/%s)", sep, $1, ($2 ? $2 : "-"), ($3 ? $3 : "-"); sep = ", " }' <<< "$apps")
  if [ "$total" -gt 1 ] && [ -z "$waiting" ]; then
    echo "all $total Applications are Synced and Healthy"
    exit 0
  fi
  if [ $SECONDS -ge $deadline ]; then
    echo "error: after $limit, not Synced and Healthy: ${waiting:-no Applications yet}" >&2
    echo "       kubectl --context '$ctx' -n argocd get applications; docs/runbook.md explains the usual causes" >&2
    exit 1
  fi
  if [ $((SECONDS - last)) -ge 30 ]; then
    echo "$((total - $(tr ',' '\n' <<< "$waiting" | grep -c . || true)))/$total Applications Synced and Healthy; waiting for: ${waiting:-the root to create them}"
    last=$SECONDS
  fi
  sleep 5
done
