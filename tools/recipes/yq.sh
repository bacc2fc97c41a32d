# yq (YAML processor) from its Go module (no replace directives upstream): CI edits the overlays' image tags with it.
go_install "github.com/mikefarah/yq/v4@v$VERSION" || exit 1
"$DEST/yq" --version
