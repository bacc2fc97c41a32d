# promtool (Prometheus rule checker and rule unit-test runner) from the Prometheus Go module, which has no replace
# directives upstream. Module v0.X.Y is Prometheus 3.X.Y. Built without release ldflags, the binary prints no version
# of its own: the module version is read from its build info instead.
go_install "github.com/prometheus/prometheus/cmd/promtool@v$VERSION"
go version -m "$DEST/promtool" | grep -qE "^[[:space:]]+mod[[:space:]]+github.com/prometheus/prometheus[[:space:]]+v${VERSION}[[:space:]]" \
  || { echo "error: $DEST/promtool is not built from github.com/prometheus/prometheus v$VERSION" >&2; exit 1; }
