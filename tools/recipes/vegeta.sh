# vegeta (an open-model HTTP load generator) from its Go module: the third-party cross-check for the harness's own
# open-loop generator (docs/benchmarks.md, "Why our own load generator").
go_install "github.com/tsenart/vegeta/v12@v$VERSION"
"$DEST/vegeta" -version
