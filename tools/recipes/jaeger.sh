# Jaeger (v2: a trace store and UI on the OpenTelemetry Collector, OTLP in, in-memory storage by default) from its
# Go module, for `make run TRACES=on`. Upstream's go.mod has a replace directive (Shopify/sarama) that
# `go install module@version` would ignore, so the build runs inside the wrapper module tools/go/jaeger.
wrapper="$(dirname "${BASH_SOURCE[0]}")/../go/jaeger"
grep -q "github.com/jaegertracing/jaeger v$VERSION\$" "$wrapper/go.mod" \
  || { echo "tools/go/jaeger/go.mod does not require jaeger v$VERSION (JAEGER_VERSION)" >&2; exit 1; }
go_install github.com/jaegertracing/jaeger/cmd/jaeger "$wrapper" || exit 1
go version -m "$DEST/jaeger" | grep -qE "^[[:space:]]+mod[[:space:]]+github.com/jaegertracing/jaeger[[:space:]]+v${VERSION}[[:space:]]" \
  || { echo "error: $DEST/jaeger is not built from github.com/jaegertracing/jaeger v$VERSION" >&2; exit 1; }
