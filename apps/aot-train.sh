#!/usr/bin/env bash
# Trains a JDK 25 AOT cache (JEP 483/514/515) for one service's Quarkus fast-jar, where it will run.
#
#   apps/aot-train.sh APP_DIR CACHE_FILE [JVM_FLAG...]           train: write CACHE_FILE
#   apps/aot-train.sh --check APP_DIR CACHE_FILE [JVM_FLAG...]   start once with CACHE_FILE under -XX:AOTMode=on
#                                                                (the JVM refuses to start if it cannot map it) and
#                                                                fail unless most classes come from the cache
#
# APP_DIR holds quarkus-run.jar (the image's /app). The JVM flags must be the ones the service runs with: a cache
# trained with one GC or heap layout is not used with another. The run needs no PostgreSQL, Redis, SQS or
# user-service: every remote address points at a closed port and Flyway does not run, so the service starts, answers
# the requests below, and is stopped with SIGTERM; the JVM writes the cache as it exits. What it records is start-up
# (CDI, Vert.x, RESTEasy, Jackson, Micrometer, OpenTelemetry, config) and the error paths the requests take, which
# is where start-up time goes; classes first used by a database round trip are loaded normally at run time.
#
# Used by apps/Dockerfile (the image build) and by `make aot-check` (apps/aot-check.sh), which trains on this
# machine and then uses --check.
set -euo pipefail

usage="usage: aot-train.sh [--check] APP_DIR CACHE_FILE [JVM_FLAG...]"
check=""
if [[ "${1:-}" == --check ]]; then check=yes; shift; fi
app_dir=${1:?$usage}
cache=${2:?$usage}
shift 2
port=${AOT_TRAIN_PORT:-18080}
# Health, metrics and OpenAPI are on the management interface, a port of their own.
management_port=${AOT_TRAIN_MANAGEMENT_PORT:-$((port + 1000))}
java=${JAVA:-java}
log=${AOT_TRAIN_LOG:-/tmp/aot-train.log}

[[ -f "$app_dir/quarkus-run.jar" ]] || { echo "aot-train: no $app_dir/quarkus-run.jar" >&2; exit 1; }
# The cache remembers the class path as given: train with the absolute jar path the service is started with
# (the image's ENTRYPOINT runs /app/quarkus-run.jar from /app).
app_dir=$(cd "$app_dir" && pwd)
# Absolute, since the JVM runs from APP_DIR (the fast-jar finds its lib/ relative to the working directory).
case "$cache" in /*) ;; *) cache="$PWD/$cache" ;; esac
case "$log" in /*) ;; *) log="$PWD/$log" ;; esac
if [[ -n "$check" ]]; then
  [[ -s "$cache" ]] || { echo "aot-train: no cache $cache to check" >&2; exit 1; }
  classes="$log.classes"
  aot_flags=("-XX:AOTCache=$cache" -XX:AOTMode=on "-Xlog:class+load=info:file=$classes")
else
  rm -f "$cache"
  aot_flags=("-XX:AOTCacheOutput=$cache")
fi

# Plain HTTP/1.0 over bash's /dev/tcp: the runtime image has no curl. Prints the status code, or 000.
# HTTP_TO picks the port (the API's unless set).
http() {
  local method=$1 path=$2 body=${3:-} status
  { exec 3<> "/dev/tcp/127.0.0.1/${HTTP_TO:-$port}"; } 2> /dev/null || { echo 000; return; }
  printf '%s %s HTTP/1.0\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' \
    "$method" "$path" "${#body}" "$body" >&3
  # HTTP/1.0: the service closes the connection after the response; -t bounds a service that hangs.
  read -r -t 10 _ status _ <&3 || status=000
  while read -r -t 10 _ <&3; do :; done
  exec 3<&-
  echo "${status:-000}"
}

closed=127.0.0.1:1
cd "$app_dir"
HTTP_PORT=$port \
MANAGEMENT_PORT=$management_port \
DB_URL="jdbc:postgresql://$closed/kubeflow" \
REDIS_URL="redis://$closed" \
SQS_ENDPOINT="http://$closed" \
SQS_QUEUE_URL="http://$closed/000000000000/order-events" \
AWS_REGION=eu-west-1 \
USER_SERVICE_URL="http://$closed" \
OIDC_ISSUER="http://$closed/kubeflow-ops" \
OTEL_SDK_DISABLED=true \
  "$java" "$@" "${aot_flags[@]}" \
    -Dquarkus.flyway.migrate-at-start=false -Dquarkus.datasource.jdbc.min-size=0 \
    -jar "$app_dir/quarkus-run.jar" > "$log" 2>&1 &
pid=$!
start=$(date +%s%N)

stop() { kill -TERM "$pid" 2> /dev/null || true; }
trap stop EXIT

started=""
for _ in $(seq 1 600); do
  kill -0 "$pid" 2> /dev/null || break
  if [[ "$(HTTP_TO=$management_port http GET /health/started)" == 200 ]]; then started=yes; break; fi
  sleep 0.1
done
if [[ -z "$started" ]]; then
  echo "aot-train: the service did not start${check:+ with its AOT cache (-XX:AOTMode=on)}; its log ($log):" >&2
  grep -v '^{' "$log" | tail -n 20 >&2 || true
  tail -n 20 "$log" >&2
  exit 1
fi
if [[ -n "$check" ]]; then
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  # The JVM logs each class it loads with its source; "shared objects file" is the AOT cache. Without a usable cache
  # none comes from it; with this service's own cache about nine in ten do.
  loaded=$(grep -c 'source:' "$classes" || true)
  cached=$(grep -c 'source: shared objects file' "$classes" || true)
  if (( loaded == 0 || cached * 2 < loaded )); then
    echo "aot-train: only $cached of $loaded classes came from $cache: the JVM is not using the cache" >&2
    exit 1
  fi
  echo "aot-train: started with $cache in $ms ms; $cached of $loaded classes loaded from the cache"
  exit 0 # the EXIT trap stops the service
fi

# The requests every service answers without its dependencies (management port), then each API path, which answers
# 401: no issuer runs here, so what is trained is the authentication refusal and the problem+json mapper.
zero=00000000-0000-0000-0000-000000000000
for _ in 1 2 3 4 5; do
  for path in /health/live /health/started /metrics /openapi /docs/; do
    HTTP_TO=$management_port http GET "$path" > /dev/null
  done
  http GET /users/not-a-uuid > /dev/null
  http POST /users '{"name":' > /dev/null
  http POST /users '{"name":"","email":"nope"}' > /dev/null
  http GET "/orders/not-a-uuid" > /dev/null
  http POST /orders '{"userId":"x","items":[],"currency":"eur"}' > /dev/null
  http PATCH "/orders/$zero" '{"status":"NOPE"}' > /dev/null
  http GET "/notifications?orderId=nope" > /dev/null
done

trap - EXIT
stop
wait "$pid" || true # Quarkus exits 0 on SIGTERM; the cache is written (by a child JVM) before java returns
if [[ ! -s "$cache" ]]; then
  echo "aot-train: no cache written; its log ($log):" >&2
  tail -n 40 "$log" >&2
  exit 1
fi
echo "aot-train: wrote $cache ($(( $(stat -c %s "$cache") / 1048576 )) MiB)"
