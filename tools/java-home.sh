#!/usr/bin/env bash
# Prints the JAVA_HOME of a JDK 25 on this machine, or fails with a clear message.
# Order: $JAVA25_HOME, $JAVA_HOME (if it is 25), the usual JVM folders.
set -euo pipefail
want=${JAVA_VERSION:-25}
major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
candidates=("${JAVA25_HOME:-}" "${JAVA_HOME:-}")
for d in /usr/lib/jvm/temurin-"$want"* /usr/lib/jvm/*-"$want"-* /usr/lib/jvm/*"$want"* /opt/java/openjdk /opt/jdk-"$want"*; do
  candidates+=("$d")
done
for d in "${candidates[@]}"; do
  [ -n "$d" ] && [ -x "$d/bin/java" ] && [ -x "$d/bin/javac" ] || continue
  if [ "$(major "$d")" = "$want" ]; then
    echo "$d"
    exit 0
  fi
done
echo "error: no JDK $want found (looked at \$JAVA25_HOME, \$JAVA_HOME and /usr/lib/jvm)." >&2
echo "       Install a JDK $want (for example the Temurin $want package) or set JAVA25_HOME to its folder." >&2
exit 1
