#!/usr/bin/env bash
# Proves the image's AOT cache step on this machine, without Docker:
#   1. the JVM flags the Dockerfile trains with are exactly the ENTRYPOINT's (minus -XX:AOTCache);
#   2. for each service, apps/aot-train.sh (what the image build runs) writes a cache from the packaged fast-jar;
#   3. the service then starts with that cache and -XX:AOTMode=on (the JVM refuses to start if it cannot map the
#      cache, e.g. one made by another JVM build), and at least half of the classes it loads must come from the
#      cache. Start times are printed, never judged;
#   4. the cache leaves room to grow: the JVM writes it through a buffer the size of CompressedClassSpaceSize, which
#      MaxMetaspaceSize caps at 80 % of itself, and fails ("Unable to allocate from 'ro' region") when the classes
#      do not fit. A cache above AOT_HEADROOM_PERCENT (default 85) % of that buffer fails here, before a dependency
#      upgrade fails the image build.
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
buffer=$("$java" "${flags[@]}" -XX:+PrintFlagsFinal -version 2>/dev/null | awk '$2 == "CompressedClassSpaceSize" {print $4}')
[[ $buffer =~ ^[0-9]+$ ]] || { echo "aot-check: could not read CompressedClassSpaceSize under the image flags" >&2; exit 1; }
headroom=${AOT_HEADROOM_PERCENT:-85}

for service in "$@"; do
  app="$repo/apps/$service/target/quarkus-app"
  [[ -f "$app/quarkus-run.jar" ]] || { echo "aot-check: $service is not packaged ($app); run 'make build'" >&2; exit 1; }
  cache="$out/$service.aot"
  # 2. Train exactly as the image build does; 3. start with the cache, refusing to run without it.
  JAVA="$java" AOT_TRAIN_LOG="$out/$service-train.log" AOT_TRAIN_PORT=18090 \
    bash "$repo/apps/aot-train.sh" "$app" "$cache" "${flags[@]}"
  JAVA="$java" AOT_TRAIN_LOG="$out/$service-run.log" AOT_TRAIN_PORT=18091 \
    bash "$repo/apps/aot-train.sh" --check "$app" "$cache" "${flags[@]}"
  size=$(stat -c %s "$cache")
  echo "aot-check: $service cache $((size / 1048576)) MiB of a $((buffer / 1048576)) MiB archive buffer ($((100 * size / buffer)) %)"
  if ((100 * size > headroom * buffer)); then
    echo "aot-check: $service's AOT cache is over ${headroom} % of the buffer the JVM writes it through" \
      "(CompressedClassSpaceSize, 80 % of -XX:MaxMetaspaceSize): raise MaxMetaspaceSize in apps/Dockerfile" >&2
    exit 1
  fi
done
