##@ Telemetry pipeline and alert routing (OpenTelemetry Collector config, Alertmanager config)

TOOLS += otelcol-check alertmanager-check
TEST_TARGETS += otelcol-check alertmanager-check
VALIDATE_TARGETS += otelcol-check alertmanager-check

TELEMETRY_OUT := build/telemetry

.PHONY: otelcol-check
otelcol-check: ## Collector config the chart renders from our values: `otelcol validate` + strict log operators; broken fixtures must fail
	@tools/install.sh otelcol-check
	@python3 observability/telemetry/check.py otelcol $(TELEMETRY_OUT)/otelcol

.PHONY: alertmanager-check
alertmanager-check: ## alertmanager.config with Alertmanager's loader, templates rendered, routing tests; broken fixtures must fail
	@tools/install.sh alertmanager-check
	@python3 observability/telemetry/check.py alertmanager $(TELEMETRY_OUT)/alertmanager
