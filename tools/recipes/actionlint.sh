# actionlint (GitHub Actions workflow linter) from its Go module (no replace directives upstream).
# It runs shellcheck on `run:` blocks when shellcheck is on PATH, which make arranges.
go_install "github.com/rhysd/actionlint/cmd/actionlint@v$VERSION"
"$DEST/actionlint" -version
