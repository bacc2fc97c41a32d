# async-profiler for `make profile`, from Maven Central (no release download): the agent library out of the
# tools.profiler:async-profiler jar, and tools.profiler:jfr-converter with a `jfrconv` wrapper that runs it on the
# project's JDK (tools/java-home.sh).
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
java_home="$("$root/tools/java-home.sh")" || exit 1
lib="$(dirname "$DEST")/lib"
mkdir -p "$lib"
tmp=$(mktemp -d)
for artifact in async-profiler jfr-converter; do
  JAVA_HOME="$java_home" "$root/mvnw" -q -N -f "$root/pom.xml" dependency:copy \
    "-Dartifact=tools.profiler:$artifact:$VERSION" "-DoutputDirectory=$tmp" || exit 1
done
unzip -p "$tmp/async-profiler-$VERSION.jar" linux-x64/libasyncProfiler.so > "$DEST/libasyncProfiler.so" || exit 1
[ -s "$DEST/libasyncProfiler.so" ] || { echo "async-profiler: no linux-x64/libasyncProfiler.so in the jar" >&2; exit 1; }
mv "$tmp/jfr-converter-$VERSION.jar" "$lib/jfr-converter.jar" || exit 1
rm -rf "$tmp"
# The cache is shared by every checkout, so the wrapper carries its own copy of java-home.sh instead of pointing
# into this clone; the JDK is looked up when jfrconv runs, so a JDK update does not break the installed tool.
cp "$root/tools/java-home.sh" "$lib/java-home.sh" || exit 1
cat > "$DEST/jfrconv" <<'WRAPPER'
#!/usr/bin/env bash
set -euo pipefail
lib="$(cd "$(dirname "${BASH_SOURCE[0]}")/../lib" && pwd)"
exec "$("$lib/java-home.sh")/bin/java" -jar "$lib/jfr-converter.jar" "$@"
WRAPPER
chmod +x "$DEST/jfrconv"
echo "async-profiler $VERSION: $DEST/libasyncProfiler.so ($(wc -c < "$DEST/libasyncProfiler.so") bytes)"
"$DEST/jfrconv" --help | head -1
