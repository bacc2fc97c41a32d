# OpenTofu CLI from its Go module. Upstream's go.mod has a replace directive (hcl/v2 → opentofu/hcl) that
# `go install module@version` would ignore, so the build runs inside the wrapper module tools/go/tofu.
# version.dev=no is what release builds set: `tofu version` then prints the plain release version.
wrapper="$(dirname "${BASH_SOURCE[0]}")/../go/tofu"
grep -q "github.com/opentofu/opentofu v$VERSION\$" "$wrapper/go.mod" \
  || { echo "tools/go/tofu/go.mod does not require opentofu v$VERSION (TOFU_VERSION)" >&2; exit 1; }
GOFLAGS="${GOFLAGS:-} -trimpath -ldflags=-X=github.com/opentofu/opentofu/version.dev=no" \
  go_install github.com/opentofu/opentofu/cmd/tofu "$wrapper" || exit 1
"$DEST/tofu" version
