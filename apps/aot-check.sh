#!/usr/bin/env bash
# Proves the image's AOT cache step on this machine, without Docker:
#   1. the JVM flags the Dockerfile trains with are exactly the ENTRYPOINT's (minus -XX:AOTCache);
#   2. for each service, apps/aot-train.sh (what the image build runs) writes a cache from the packaged fast-jar;
#   3. the service then starts with that cache and -XX:AOTMode=on, under which the JVM refuses to start at all if it
#      cannot use the cache (a stale jar, other flags, another JVM). Start times are printed, never judged.
#
#   apps/aot-check.sh JAVA_HOME OUT_DIR SERVICE...
set -euo pipefail

java_home=${1:?usage: aot-check.sh JAVA_HOME OUT_DIR SERVICE...}
out=${2:?usage: aot-check.sh JAVA_HOME OUT_DIR SERVICE...}
shift 2
repo=$(cd "$(dirname "$0")/.." && pwd)
java="$java_home/bin/java"
mkdir -p "$out"
out=$(cd "$out" && pwd)

# 1. One list of flags. Parsed from the Dockerfile rather than repeated here, so this check follows the file.
mapfile -t flags < <(python3 - "$repo/apps/Dockerfile" <<'EOF'
import json, re, shlex, sys
text = open(sys.argv[1]).read().replace("\\\n", " ")
entry = json.loads(re.search(r"^ENTRYPOINT\s+(\[.*\])\s*$", text, re.M).group(1))
train = shlex.split(re.search(r"^RUN\s.*aot-train\.sh\s+(.*?)(?:&&|$)", text, re.M).group(1))
entry_flags = entry[1:entry.index("-jar")]
train_flags = [a for a in train[2:]]  # after APP_DIR CACHE_FILE
cache = [a for a in entry_flags if a.startswith("-XX:AOTCache=")]
if len(cache) != 1:
    sys.exit("aot-check: the ENTRYPOINT must use the cache exactly once (-XX:AOTCache=...), found %s" % cache)
if train[1] != cache[0].split("=", 1)[1]:
    sys.exit("aot-check: the image trains %s but the ENTRYPOINT reads %s" % (train[1], cache[0]))
runtime = [a for a in entry_flags if a not in cache]
if runtime != train_flags:
    sys.exit("aot-check: the Dockerfile trains the AOT cache with\n  %s\nbut runs the service with\n  %s\n"
             "a cache is only used with the flags it was trained with: make them the same" % (train_flags, runtime))
print("\n".join(runtime))
EOF
)
[[ ${#flags[@]} -gt 0 ]] || { echo "aot-check: could not read the JVM flags from apps/Dockerfile" >&2; exit 1; }
echo "aot-check: image JVM flags ${flags[*]}"

closed=127.0.0.1:1
for service in "$@"; do
  app="$repo/apps/$service/target/quarkus-app"
  [[ -f "$app/quarkus-run.jar" ]] || { echo "aot-check: $service is not packaged ($app); run 'make build'" >&2; exit 1; }
  cache="$out/$service.aot"

  # 2. Train exactly as the image build does.
  JAVA="$java" AOT_TRAIN_LOG="$out/$service-train.log" AOT_TRAIN_PORT=18090 \
    bash "$repo/apps/aot-train.sh" "$app" "$cache" "${flags[@]}"

  # 3. Start with the cache, refusing to run without it; time process start → /health/started.
  log="$out/$service-run.log"
  start=$(date +%s%N)
  (cd "$app" && HTTP_PORT=18091 DB_URL="jdbc:postgresql://$closed/kubeflow" REDIS_URL="redis://$closed" \
    SQS_ENDPOINT="http://$closed" SQS_QUEUE_URL="http://$closed/000000000000/order-events" AWS_REGION=eu-west-1 \
    OTEL_SDK_DISABLED=true exec "$java" "${flags[@]}" "-XX:AOTCache=$cache" -XX:AOTMode=on \
    -Dquarkus.flyway.migrate-at-start=false -Dquarkus.datasource.jdbc.min-size=0 -jar "$app/quarkus-run.jar") > "$log" 2>&1 &
  pid=$!
  ok=""
  for _ in $(seq 1 600); do
    kill -0 "$pid" 2> /dev/null || break
    if { exec 3<> /dev/tcp/127.0.0.1/18091; } 2> /dev/null; then
      printf 'GET /health/started HTTP/1.0\r\n\r\n' >&3
      read -r -t 5 _ status _ <&3 || status=""
      exec 3<&-
      if [[ "$status" == 200 ]]; then ok=yes; break; fi
    fi
    sleep 0.05
  done
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  kill -TERM "$pid" 2> /dev/null || true
  wait "$pid" || true
  if [[ -z "$ok" ]]; then
    echo "aot-check: $service did not start with its AOT cache (-XX:AOTMode=on); log $log:" >&2
    grep -v '^{' "$log" | tail -n 20 >&2
    exit 1
  fi
  echo "aot-check: $service started with its cache in ${ms} ms (AOTMode=on: the JVM would have refused an unusable cache)"
done
