# toxiproxy-server (the TCP proxy the chaos run and the end-to-end tests inject network faults with) from its Go
# module, which has no replace directives. `go install` names the binary after its folder (cmd/server): renamed.
go_install "github.com/Shopify/toxiproxy/v2/cmd/server@v$VERSION"
mv "$DEST/server" "$DEST/toxiproxy-server"
go version -m "$DEST/toxiproxy-server" | grep -qE "^[[:space:]]+mod[[:space:]]+github.com/Shopify/toxiproxy/v2[[:space:]]+v${VERSION}[[:space:]]" \
  || { echo "error: $DEST/toxiproxy-server is not built from github.com/Shopify/toxiproxy/v2 v$VERSION" >&2; exit 1; }
