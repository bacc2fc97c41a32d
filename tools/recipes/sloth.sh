# sloth (SLO specs -> Prometheus recording and multi-window, multi-burn-rate alert rules) from its Go module, which
# has no replace directives. Built without release ldflags, it reports no version of its own: the module version is
# read from its build info instead.
go_install "github.com/slok/sloth/cmd/sloth@v$VERSION"
go version -m "$DEST/sloth" | grep -qE "^[[:space:]]+mod[[:space:]]+github.com/slok/sloth[[:space:]]+v${VERSION}[[:space:]]" \
  || { echo "error: $DEST/sloth is not built from github.com/slok/sloth v$VERSION" >&2; exit 1; }
