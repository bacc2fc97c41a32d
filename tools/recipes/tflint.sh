# TFLint from its Go module (no replace directives upstream). Its bundled "terraform" ruleset needs no download.
go_install "github.com/terraform-linters/tflint@v$VERSION" || exit 1
"$DEST/tflint" --version
