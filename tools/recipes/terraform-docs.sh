# terraform-docs from its Go module, built inside the wrapper module tools/go/terraform-docs (the proxy refuses
# the version list that `go install module@version` asks for).
wrapper="$(dirname "${BASH_SOURCE[0]}")/../go/terraform-docs"
grep -q "github.com/terraform-docs/terraform-docs v$VERSION\$" "$wrapper/go.mod" \
  || { echo "tools/go/terraform-docs/go.mod does not require terraform-docs v$VERSION" >&2; exit 1; }
go_install github.com/terraform-docs/terraform-docs "$wrapper" || exit 1
"$DEST/terraform-docs" --version
