# node_exporter from its Go module (no replace directives upstream): make obs-platform-scrape runs it on this machine
# and checks that every node-exporter metric the dashboards use is on its real /metrics.
go_install "github.com/prometheus/node_exporter@v$VERSION" || exit 1
"$DEST/node_exporter" --version 2>&1 | head -1
