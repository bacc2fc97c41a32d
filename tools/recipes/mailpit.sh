# Mailpit (SMTP server + web inbox + REST API) from its Go module. The module leaves out the web UI's built assets
# (server/ui/dist, embedded with go:embed), so a plain `go install` serves a UI whose /dist/app.js is a 404: the
# module is copied to a writable folder, its UI built with npm (esbuild), then the binary built from that copy.
# Upstream's npm lock cannot be installed from the registry here (rapidoc ^12, the API docs page's viewer, and
# sass-embedded 1.108.1 are not served), so tools/mailpit holds its package.json with rapidoc pinned to 9.3.8 (the
# newest served) and the lock npm made from it with --legacy-peer-deps (the peer sass-embedded is left out: the
# sass plugin compiles with the pure-JS `sass` by default). Every other package keeps upstream's locked version.
# VERSION is <mailpit>-<revision>.
mod="github.com/axllent/mailpit"
ver="${VERSION%-*}"
pins="$(dirname "${BASH_SOURCE[0]}")/../mailpit"
src=$(go mod download -json "$mod@v$ver" | python3 -c 'import json, sys; print(json.load(sys.stdin)["Dir"])') \
  || { echo "error: go mod download $mod@v$ver failed" >&2; exit 1; }
# The pinned package.json must be upstream's but for rapidoc: a new MAILPIT_VERSION needs a new lock.
python3 - "$src/package.json" "$pins/package.json" <<'PY' || exit 1
import json, sys
up, ours = (json.load(open(p)) for p in sys.argv[1:])
up["dependencies"].pop("rapidoc"); ours["dependencies"].pop("rapidoc")
if up != ours:
    sys.exit("error: tools/mailpit/package.json is not upstream's (but for rapidoc): regenerate it and its lock")
PY
work="$(dirname "$DEST")/src"
rm -rf "$work"
cp -r "$src" "$work" && chmod -R u+w "$work" && cp "$pins/package.json" "$pins/package-lock.json" "$work/" || exit 1
(
  cd "$work" || exit 1
  npm ci --no-audit --no-fund --legacy-peer-deps --loglevel=error || exit 1
  npm run build || exit 1
  [ -s server/ui/dist/app.js ] || { echo "error: npm run build wrote no server/ui/dist/app.js" >&2; exit 1; }
  CGO_ENABLED=0 go build -trimpath -ldflags "-X $mod/config.Version=v$ver" -o "$DEST/mailpit" .
) || exit 1
rm -rf "$work"
# Built from a copy, so the Go toolchain records the module as (devel): check its path, and the version it reports.
go version -m "$DEST/mailpit" | grep -qE "^[[:space:]]+mod[[:space:]]+${mod}[[:space:]]" \
  || { echo "error: $DEST/mailpit is not built from $mod" >&2; exit 1; }
"$DEST/mailpit" version --no-release-check | grep -qF "v$ver" \
  || { echo "error: $DEST/mailpit does not report version v$ver" >&2; exit 1; }
