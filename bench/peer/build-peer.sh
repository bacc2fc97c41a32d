#!/usr/bin/env bash
# Builds the peer of `make bench-peer`: the orders service of the AWS retail-store-sample-app, release 1.6.2
# (Spring Boot, JDBC, a synchronous SQS send per order), as a runnable jar in a cache outside the clone, once per
# version. Prints the jar's path on stdout; progress and errors go to stderr. Nothing of the peer is committed here.
#
#   PEER_SRC      a directory holding src/orders of that release (or the orders directory itself); when unset the
#                 release tarball is downloaded with curl into the cache
#   PEER_REBUILD  1: build again even if the jar is already in the cache
#
# Built with JDK 25 (tools/java-home.sh) through this repository's Maven wrapper; the peer's pom targets release 21,
# which JDK 25 compiles and runs as is. Tests are not compiled (they need Docker for Testcontainers).
set -euo pipefail

version=1.6.2
url="https://github.com/aws-samples/retail-store-sample-app/archive/refs/tags/v${version}.tar.gz"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/kubeflow-ops/peer/${version}"
jar="$cache/orders-${version}.jar"

say() { echo ">> peer: $*" >&2; }
fail() {
  echo "error: $*" >&2
  exit 1
}

if [ -f "$jar" ] && [ "${PEER_REBUILD:-0}" != 1 ]; then
  echo "$jar"
  exit 0
fi
mkdir -p "$cache"

# The orders directory of the release: from PEER_SRC, or from the downloaded tarball.
if [ -n "${PEER_SRC:-}" ]; then
  if [ -f "$PEER_SRC/src/orders/pom.xml" ]; then
    orders="$PEER_SRC/src/orders"
  elif [ -f "$PEER_SRC/pom.xml" ] && grep -q '<artifactId>orders</artifactId>' "$PEER_SRC/pom.xml"; then
    orders="$PEER_SRC"
  else
    fail "PEER_SRC=$PEER_SRC holds neither src/orders/pom.xml nor the orders pom.xml"
  fi
else
  tarball="$cache/v${version}.tar.gz"
  if [ ! -f "$tarball" ]; then
    say "downloading $url"
    if ! curl -fsSL --retry 2 --connect-timeout 15 -o "$tarball.part" "$url"; then
      rm -f "$tarball.part"
      fail "could not download $url
       Download it on a machine that can, unpack it, and set PEER_SRC=<the unpacked retail-store-sample-app-${version} directory>"
    fi
    mv "$tarball.part" "$tarball"
  fi
  rm -rf "$cache/source"
  mkdir -p "$cache/source"
  tar -xzf "$tarball" -C "$cache/source" --strip-components=1
  orders="$cache/source/src/orders"
  [ -f "$orders/pom.xml" ] || fail "$tarball has no src/orders/pom.xml"
fi

# Build a copy, so that neither PEER_SRC nor the unpacked source gets a target/ folder.
build="$cache/build/orders"
rm -rf "$cache/build"
mkdir -p "$cache/build"
cp -R "$orders" "$build"
java_home="$("$repo/tools/java-home.sh")"
say "building $build with $java_home (the first build downloads its dependencies from Maven Central)"
JAVA_HOME="$java_home" "$repo/mvnw" -q -B -ntp -f "$build/pom.xml" package -Dmaven.test.skip=true >&2 ||
  fail "the peer's Maven build failed (output above)"

built=("$build"/target/orders-*.jar)
[ -f "${built[0]}" ] || fail "no jar under $build/target"
cp "${built[0]}" "$jar.part"
mv "$jar.part" "$jar"
say "built $jar"
echo "$jar"
