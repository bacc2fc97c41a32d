# alertmanager-check: our offline Alertmanager config and routing checker, built from tools/go/alertmanager-check on
# Alertmanager's own config, template and dispatch packages. VERSION is <alertmanager>-<revision>.
wrapper="$(dirname "${BASH_SOURCE[0]}")/../go/alertmanager-check"
grep -q "github.com/prometheus/alertmanager v${VERSION%-*}\$" "$wrapper/go.mod" \
  || { echo "tools/go/alertmanager-check/go.mod does not require alertmanager v${VERSION%-*} (ALERTMANAGER_CHECK_VERSION)" >&2; exit 1; }
go_install . "$wrapper"
"$DEST/alertmanager-check" -version
