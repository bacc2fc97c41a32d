# compose-check: our own small validator for docker-compose.yml, built from tools/go/compose-check on
# compose-go (the library Docker Compose itself loads files with). VERSION is <compose-go>-<revision>.
wrapper="$(dirname "${BASH_SOURCE[0]}")/../go/compose-check"
grep -q "github.com/compose-spec/compose-go/v2 v${VERSION%-*}\$" "$wrapper/go.mod" \
  || { echo "tools/go/compose-check/go.mod does not require compose-go v${VERSION%-*} (COMPOSE_CHECK_VERSION)" >&2; exit 1; }
go_install . "$wrapper"
"$DEST/compose-check" -version
