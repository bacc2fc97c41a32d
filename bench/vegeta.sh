#!/usr/bin/env bash
# The create-order scenario of `make bench`, driven by a third-party open-model generator (vegeta), against a
# running `make run`: the cross-check for the harness's own figures (docs/benchmarks.md, "Cross-check with vegeta").
#
#   make run                                    # in another terminal
#   make bench-vegeta [VEGETA_RATES=100,200,400] [VEGETA_STEP_SECONDS=20] [VEGETA_WARMUP_SECONDS=90]
#
# Same requests as the harness: POST /orders with an admin's bearer token for users taken in turn from a pool of
# 100, the same body. A warm-up at VEGETA_WARMUP_RATE (not reported), continued as `make bench` does until the
# services' JIT has settled (compiler threads under 3 % of a core over 10 s, at most VEGETA_JIT_SETTLE_MAX_SECONDS),
# then one attack per rate; per rate it prints
# vegeta's own latency report (p50/p99 from when vegeta sent each request), the status codes, and the CPU seconds
# per 1,000 orders of each service process (utime+stime from /proc, before and after the step).
set -euo pipefail

ORDERS_URL=${ORDERS_URL:-http://localhost:8001}
USERS_URL=${USERS_URL:-http://localhost:8002}
RATES=${VEGETA_RATES:-100,200,400}
STEP=${VEGETA_STEP_SECONDS:-20}
WARMUP=${VEGETA_WARMUP_SECONDS:-90}
WARMUP_RATE=${VEGETA_WARMUP_RATE:-50}
JIT_MAX=${VEGETA_JIT_SETTLE_MAX_SECONDS:-300}
POOL=${VEGETA_USERS:-100}
WORK=${VEGETA_DIR:-bench/target/vegeta-$(date -u +%Y%m%d-%H%M%S)}

command -v vegeta >/dev/null || { echo "vegeta not on PATH (make bench-vegeta installs it)" >&2; exit 1; }
[[ $(curl -s -o /dev/null -w '%{http_code}' "$ORDERS_URL/orders" || true) != 000 ]] \
  || { echo "nothing answers at $ORDERS_URL: start 'make run' first (in another terminal)" >&2; exit 1; }
mkdir -p "$WORK"
TOKEN=${TOKEN:-$(make -s token ROLE=admin)}

echo ">> creating $POOL users at $USERS_URL"
: >"$WORK/targets.jsonl"
for i in $(seq 1 "$POOL"); do
  id=$(curl -fsS -X POST "$USERS_URL/users" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Vegeta User\",\"email\":\"vegeta-$(date +%s%N)-$i@example.com\"}" | sed -E 's/.*"id":"([^"]+)".*/\1/')
  body="{\"userId\":\"$id\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"BENCH-1\",\"quantity\":2,\"unitPrice\":12.50},{\"sku\":\"BENCH-2\",\"quantity\":1,\"unitPrice\":1.99}]}"
  printf '{"method":"POST","url":"%s/orders","body":"%s","header":{"Content-Type":["application/json"],"Authorization":["Bearer %s"]}}\n' \
    "$ORDERS_URL" "$(printf '%s' "$body" | base64 -w0)" "$TOKEN" >>"$WORK/targets.jsonl"
done

# Every process of this checkout's `make run` by role, as the harness measures them: the launcher JVM (it also hosts
# ElasticMQ) and its children (the service JVMs, Redis, Mailpit, the OIDC issuer), and PostgreSQL with its backends.
ROOT=$(pwd)
launcher=$(pgrep -f "repo.root=$ROOT .*io.kubeflowops.devstack.DevStack" | head -1 || true)
[[ -n $launcher ]] || { echo "no 'make run' of $ROOT found" >&2; exit 1; }
roles=(order-service user-service notification-service postgres redis mailpit elasticmq+launcher oidc)
pids_of() {
  case $1 in
    *-service) pgrep -P "$launcher" -f "apps/$1/target/quarkus-app" ;;
    postgres) local pm; pm=$(pgrep -f -- "-D $ROOT/.run/postgres" | head -1) && { echo "$pm"; pgrep -P "$pm"; } ;;
    redis) pgrep -P "$launcher" redis-server ;;
    mailpit) pgrep -P "$launcher" -x mailpit ;;
    elasticmq+launcher) echo "$launcher" ;;
    oidc) pgrep -P "$launcher" -f 'mock.oauth2' ;;
  esac || true
}
cpu_ticks() { # the summed utime+stime of a role's processes, in clock ticks
  local t=0 p
  for p in $(pids_of "$1"); do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done
  echo "$t"
}
hz=$(getconf CLK_TCK)

attack() { # rate seconds out: vegeta's own CPU (user+sys) goes to $WORK/vegeta-cpu (GNU time; "-" without it)
  local run=(vegeta attack -format=json -targets="$WORK/targets.jsonl" -rate="$1/s" -duration="${2}s" -timeout=5s)
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -f '%U %S' -o "$WORK/vegeta-cpu" "${run[@]}" >"$3"
  else
    echo "- -" >"$WORK/vegeta-cpu"
    "${run[@]}" >"$3"
  fi
}

compiler_ticks() { # "tid ticks" of each JIT compiler thread of a JVM (kernel thread names keep 15 characters)
  local t
  for t in /proc/"$1"/task/*; do
    case $(cat "$t/comm" 2>/dev/null) in
      "C1 CompilerThre"* | "C2 CompilerThre"*) awk -v tid="${t##*/}" '{print tid, $14 + $15}' "$t/stat" 2>/dev/null ;;
    esac
  done || true
}
settled() { # true if every service's compilers used < 3 % of a core during a 10 s attack at the warm-up rate
  local s pid line worst=0 share
  declare -A was
  for s in order-service user-service notification-service; do
    pid=$(pids_of "$s" | head -1)
    while read -r line; do was[$s:${line% *}]=${line#* }; done < <(compiler_ticks "$pid")
  done
  attack "$WARMUP_RATE" 10 "$WORK/warmup-jit.bin"
  line=""
  for s in order-service user-service notification-service; do
    pid=$(pids_of "$s" | head -1)
    share=$(compiler_ticks "$pid" | while read -r tid ticks; do echo "$((ticks - ${was[$s:$tid]:-0}))"; done \
      | awk -v hz="$hz" '{t += $1} END {printf "%.1f", 100 * t / hz / 10}')
    line+="  $s $share %"
    worst=$(awk -v a="$worst" -v b="$share" 'BEGIN{print (b > a) ? b : a}')
  done
  echo ">> JIT$line"
  awk -v w="$worst" 'BEGIN{exit !(w < 3)}'
}

echo ">> warm-up: ${WARMUP} s at ${WARMUP_RATE} req/s, then until the JIT has settled (not reported)"
attack "$WARMUP_RATE" "$WARMUP" "$WORK/warmup.bin"
waited=0
until settled; do
  waited=$((waited + 10))
  if ((waited >= JIT_MAX)); then
    echo ">> JIT not settled after ${JIT_MAX} s more; measuring anyway"
    break
  fi
done
sleep 5

printf '\n| offered req/s | achieved req/s | p50 ms | p99 ms | max ms | non-201 | CPU s / 1,000 orders: %s, vegeta |\n' "${roles[*]}"
printf '|---:|---:|---:|---:|---:|---:|---|\n'
IFS=, read -ra rates <<<"$RATES"
for r in "${rates[@]}"; do
  declare -A before
  for role in "${roles[@]}"; do before[$role]=$(cpu_ticks "$role"); done
  attack "$r" "$STEP" "$WORK/rate-$r.bin"
  sleep 3 # let the relay, the consumer and the mail catch up before the CPU is read
  cpu=()
  for role in "${roles[@]}"; do
    cpu+=("$(awk -v a="$(cpu_ticks "$role")" -v b="${before[$role]}" -v hz="$hz" -v n="$((r * STEP))" \
      'BEGIN{printf "%.2f", (a-b)/hz*1000/n}')")
  done
  cpu+=("$(awk -v n="$((r * STEP))" '$1 == "-" {print "-"; next} {printf "%.2f", ($1+$2)*1000/n}' "$WORK/vegeta-cpu")")
  vegeta report -type=json <"$WORK/rate-$r.bin" >"$WORK/rate-$r.json"
  python3 - "$WORK/rate-$r.json" "$r" "${cpu[*]}" <<'EOF'
import json, sys
rep = json.load(open(sys.argv[1])); lat = rep["latencies"]; codes = rep["status_codes"]
bad = sum(n for c, n in codes.items() if c != "201")
print(f"| {sys.argv[2]} | {rep['throughput']:.1f} | {lat['50th']/1e6:.1f} | {lat['99th']/1e6:.1f} | "
      f"{lat['max']/1e6:.1f} | {bad}{' ' + str(codes) if bad else ''} | {' / '.join(sys.argv[3].split())} |")
EOF
  sleep 2
done
echo
echo "raw results (vegeta encode/report/plot read them): $WORK"
