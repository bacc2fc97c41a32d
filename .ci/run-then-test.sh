#!/usr/bin/env bash
# The README's two commands in the order a new user types them, in one checkout: `make run` (up, one order placed
# through it with `make demo`, Ctrl-C's SIGTERM), then `make test`. Whatever `make run` leaves behind (.run/, built
# jars, unpacked server binaries) must not break the tests.
# Ports are free ones, so this never collides with a `make run` someone else has going on the same machine.
set -euo pipefail
cd "$(dirname "$0")/.."

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
for v in POSTGRES_PORT REDIS_PORT SQS_PORT OIDC_PORT USER_SERVICE_PORT ORDER_SERVICE_PORT NOTIFICATION_SERVICE_PORT \
  USER_SERVICE_MANAGEMENT_PORT ORDER_SERVICE_MANAGEMENT_PORT NOTIFICATION_SERVICE_MANAGEMENT_PORT; do
  export "$v=$(free_port)"
done
log=$(mktemp -t make-run.XXXXXX.log)

echo "== make run (log: $log)"
setsid make run > "$log" 2>&1 &
run_pid=$!
stop_run() {
  # The launcher JVM is the recipe's child; SIGTERM to it is what Ctrl-C does (its shutdown hook stops everything).
  local launcher
  launcher=$(pgrep -s "$run_pid" -f "io.kubeflowops.devstack.DevStack run" || true)
  [ -n "$launcher" ] && kill -TERM "$launcher" 2>/dev/null
  wait "$run_pid" 2>/dev/null || true
}
trap 'stop_run' EXIT

deadline=$((SECONDS + 1800))  # a cold build downloads every dependency first
until grep -q '^>> up\.' "$log"; do
  if ! kill -0 "$run_pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
    echo "error: make run did not come up; its output:" >&2
    tail -n 60 "$log" >&2
    exit 1
  fi
  sleep 2
done
sed -n '/service  *api/,/^>> up/p' "$log"

USER_SERVICE_URL="http://127.0.0.1:$USER_SERVICE_PORT" \
  ORDER_SERVICE_URL="http://127.0.0.1:$ORDER_SERVICE_PORT" \
  NOTIFICATION_SERVICE_URL="http://127.0.0.1:$NOTIFICATION_SERVICE_PORT" \
  USER_SERVICE_MANAGEMENT_URL="http://127.0.0.1:$USER_SERVICE_MANAGEMENT_PORT" \
  ORDER_SERVICE_MANAGEMENT_URL="http://127.0.0.1:$ORDER_SERVICE_MANAGEMENT_PORT" \
  NOTIFICATION_SERVICE_MANAGEMENT_URL="http://127.0.0.1:$NOTIFICATION_SERVICE_MANAGEMENT_PORT" \
  make demo

# Traces are off by default: no service may log that it failed to export to a collector that is not there. The
# OTLP batch exporter tries every 5 s; give it two rounds after the demo's requests.
sleep 11
if grep -l "Failed to export" .run/logs/*.log; then
  echo "error: make run logged exporter failures (the files above)" >&2
  exit 1
fi

stop_run
trap - EXIT
grep -q '^>> stopped' "$log" || { echo "error: make run did not stop cleanly:" >&2; tail -n 30 "$log" >&2; exit 1; }
echo "== make run: up, demo order notified, stopped cleanly"

echo "== make test (same checkout, after make run)"
make test
