# Kyverno CLI, built through tools/go/kyverno/go.mod (repeats upstream's replace directive).
# The version pinned in versions.env must equal the one in that go.mod.
wrapper="$(dirname "${BASH_SOURCE[0]}")/../go/kyverno"
grep -qE "github.com/kyverno/kyverno v${VERSION}( |$)" "$wrapper/go.mod" \
  || { echo "error: tools/go/kyverno/go.mod does not require kyverno v$VERSION" >&2; exit 1; }
go_install github.com/kyverno/kyverno/cmd/cli/kubectl-kyverno "$wrapper"
ln -sf kubectl-kyverno "$DEST/kyverno"
"$DEST/kyverno" version
