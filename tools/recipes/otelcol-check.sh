# otelcol-check: an OpenTelemetry Collector built from tools/go/otelcol-check (the collector's own Go modules) with
# the components our agent's configuration uses, for `otelcol-check validate`. VERSION is <collector>-<revision>.
wrapper="$(dirname "${BASH_SOURCE[0]}")/../go/otelcol-check"
grep -q "go.opentelemetry.io/collector/otelcol v${VERSION%-*}\$" "$wrapper/go.mod" \
  || { echo "tools/go/otelcol-check/go.mod does not require otelcol v${VERSION%-*} (OTELCOL_CHECK_VERSION)" >&2; exit 1; }
go_install . "$wrapper"
"$DEST/otelcol-check" --version
