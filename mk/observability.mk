##@ Observability (SLOs, alerts, dashboards: observability/, gitops/platform/prometheus-stack/alerts-and-dashboards)

TOOLS += promtool node-exporter sloth
TEST_TARGETS += obs-check
VALIDATE_TARGETS += obs-check

OBS_OUT := build/observability
OBS_DIR := gitops/platform/prometheus-stack/alerts-and-dashboards
OBS_TESTS = $(sort $(wildcard observability/tests/*.yaml))

.PHONY: obs-check
obs-check: obs-generated obs-rules obs-test obs-dashboards obs-catalog obs-platform-scrape ## Rules: promtool check + unit tests; dashboards; metric names against the catalog; runbook links

SLOTH = sloth --no-log
SLO_SPECS := observability/slos.yaml

.PHONY: obs-generate
obs-generate: ## Sloth: write the SLO PrometheusRule (slo-rules.yaml) from the specs in observability/slos.yaml
	@tools/install.sh sloth
	@$(SLOTH) validate -i $(SLO_SPECS)
	@$(SLOTH) generate -i $(SLO_SPECS) -o $(OBS_DIR)/slo-rules.yaml
	@echo "wrote $(OBS_DIR)/slo-rules.yaml"

.PHONY: obs-generated
obs-generated: ## The committed slo-rules.yaml is exactly what Sloth generates from observability/slos.yaml (validated first)
	@tools/install.sh sloth
	@mkdir -p $(OBS_OUT)
	@$(SLOTH) validate -i $(SLO_SPECS)
	@$(SLOTH) generate -i $(SLO_SPECS) -o $(OBS_OUT)/slo-rules.yaml
	@diff -u $(OBS_DIR)/slo-rules.yaml $(OBS_OUT)/slo-rules.yaml > $(OBS_OUT)/slo-rules.diff \
	  || { head -n 40 $(OBS_OUT)/slo-rules.diff; echo "error: $(OBS_DIR)/slo-rules.yaml is not what Sloth generates from $(SLO_SPECS): run \`make obs-generate\`"; exit 1; }
	@echo "slo rules: $(OBS_DIR)/slo-rules.yaml is what Sloth generates from $(SLO_SPECS)"

.PHONY: obs-rules
obs-rules: ## Every deployed PrometheusRule: promtool check rules; severity, summary, description, runbook_url anchors
	@tools/install.sh promtool
	@rm -rf $(OBS_OUT)/rules
	@python3 observability/check.py rules $(OBS_OUT)/rules
	promtool check rules $(OBS_OUT)/rules/*.yaml

.PHONY: obs-test
obs-test: obs-rules ## promtool test rules (observability/tests): each alert fires on a bad series and stays silent on a healthy one
	promtool test rules $(OBS_TESTS)
	@python3 observability/check.py coverage observability/tests

.PHONY: obs-dashboards
obs-dashboards: ## Dashboard JSON: parses, unique uids, data sources that exist, every PromQL expression parses (promtool)
	@tools/install.sh promtool
	@python3 observability/check.py dashboards $(OBS_OUT)/dashboards/exprs.yaml
	@promtool check rules $(OBS_OUT)/dashboards/exprs.yaml > $(OBS_OUT)/dashboards/promtool.log 2>&1 \
	  || { cat $(OBS_OUT)/dashboards/promtool.log; echo "(rule names are <dashboard>:panel<id>_<query refId>)"; exit 1; }
	@echo "promtool: every dashboard PromQL expression parses"

# promql-names reads PromQL with Prometheus's own parser (observability/promql-names, same module version as promtool).
.PHONY: obs-catalog
obs-catalog: ## Every metric name in rules and dashboards is in observability/metrics-catalog.txt
	@grep -qE "github.com/prometheus/prometheus v$(PROMTOOL_VERSION)$$" observability/promql-names/go.mod \
	  || { echo "error: observability/promql-names/go.mod must require prometheus v$(PROMTOOL_VERSION) (PROMTOOL_VERSION)"; exit 1; }
	@mkdir -p $(OBS_OUT)/bin
	@cd observability/promql-names && CGO_ENABLED=0 go build -trimpath -o $(CURDIR)/$(OBS_OUT)/bin/promql-names .
	@python3 observability/check.py exprs $(OBS_OUT)/exprs.json
	@$(OBS_OUT)/bin/promql-names < $(OBS_OUT)/exprs.json > $(OBS_OUT)/names.json
	@python3 observability/check.py catalog $(OBS_OUT)/names.json

.PHONY: obs-platform-scrape
obs-platform-scrape: ## node_exporter built from its Go module and scraped here: every node-exporter metric of the catalog must be on it
	@tools/install.sh node-exporter
	@mkdir -p $(OBS_OUT)/scrapes
	@python3 observability/scrape_platform.py node-exporter $(OBS_OUT)/scrapes/node-exporter.prom -- \
	  node_exporter --web.listen-address=127.0.0.1:{port}
