#!/usr/bin/env bash
# Installs pinned tools once into a cache outside the clone, keyed by version, and prints where they are.
#   tools/install.sh TOOL...        install the tools that are missing (progress on stderr)
#   tools/install.sh --path TOOL... print the bin folders of the tools, joined by ':' (installs nothing)
# Versions come from tools/versions.env (<NAME>_VERSION, NAME upper-cased with '-' as '_').
# The recipe for a tool is tools/recipes/<tool>.sh; it installs into "$DEST" (a bin folder) and may use
# the helpers below. A finished install is marked with a .done file, so an interrupted one is redone.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=/dev/null
set -a; . "$here/versions.env"; set +a
TOOLS_CACHE=${TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubeflow-ops/tools}

version_of() {
  local var
  var="$(echo "$1" | tr 'a-z-' 'A-Z_')_VERSION"
  [ -n "${!var:-}" ] || { echo "error: tools/versions.env has no $var for tool '$1'" >&2; exit 1; }
  echo "${!var}"
}
dir_of() { echo "$TOOLS_CACHE/$1/$(version_of "$1")"; }

# go_install MODULE_PATH[@VERSION] [WRAPPER_DIR]: go install into $DEST. With a wrapper dir (a go.mod that repeats
# upstream's replace directives), the build runs inside it so those directives apply.
go_install() {
  local pkg=$1 wrapper=${2:-}
  export GOBIN="$DEST" GOFLAGS="${GOFLAGS:--trimpath}" CGO_ENABLED="${CGO_ENABLED:-0}"
  if [ -n "$wrapper" ]; then
    (cd "$wrapper" && go install "$pkg")
  else
    go install "$pkg"
  fi
}
# pip_install BIN_NAME... -- REQUIREMENT...: a private venv next to $DEST; links the named programs into $DEST.
pip_install() {
  local bins=() venv
  while [ "$1" != "--" ]; do bins+=("$1"); shift; done
  shift
  venv="$(dirname "$DEST")/venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$@"
  for b in "${bins[@]}"; do ln -sf "$venv/bin/$b" "$DEST/$b"; done
}

if [ "${1:-}" = "--path" ]; then
  shift
  out=""
  for t in "$@"; do out="$out${out:+:}$(dir_of "$t")/bin"; done
  echo "$out"
  exit 0
fi

# Two checkouts (or a test run and a shell) may install the same tool at once: one lock per tool and version
# makes the second wait for the first and then find the finished install.
for t in "$@"; do
  d=$(dir_of "$t")
  [ -f "$d/.done" ] && continue
  mkdir -p "$(dirname "$d")"
  exec {lock}> "$d.lock"
  flock "$lock"
  if [ -f "$d/.done" ]; then exec {lock}>&-; continue; fi
  recipe="$here/recipes/$t.sh"
  [ -f "$recipe" ] || { echo "error: no recipe $recipe" >&2; exit 1; }
  echo ">> installing $t $(version_of "$t") into $d (once per version)" >&2
  start=$SECONDS
  rm -rf "$d" && mkdir -p "$d/bin"
  DEST="$d/bin" VERSION="$(version_of "$t")"
  export DEST VERSION
  # shellcheck source=/dev/null
  ( . "$recipe" ) >&2 || { echo "error: installing $t failed (see above)" >&2; rm -rf "$d"; exit 1; }
  touch "$d/.done"
  exec {lock}>&-
  echo ">> $t ready in $((SECONDS - start))s" >&2
done
