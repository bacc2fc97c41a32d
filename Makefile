# kubeflow-ops — `make help` lists everything. The two set-up commands: `make run` and `make test`.
SHELL := bash
.SHELLFLAGS := -o pipefail -ec
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

include tools/versions.env
TOOLS_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/kubeflow-ops/tools
export TOOLS_CACHE

# Each area file below adds its checks to TEST_TARGETS and the tools it needs to TOOLS.
TEST_TARGETS :=
TOOLS :=
include $(sort $(wildcard mk/*.mk))

# Pinned tools (tools/versions.env) go first on PATH for every recipe.
export PATH := $(shell tools/install.sh --path $(TOOLS)):$(PATH)

##@ General

.PHONY: help
help: ## Show this help
	@awk 'BEGIN {FS = ":.*##"; printf "\nUsage:\n  make \033[36m<target>\033[0m\n"} /^[a-zA-Z0-9_.-]+:.*?##/ { printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2 } /^##@/ { printf "\n\033[1m%s\033[0m\n", substr($$0, 5) } ' $(MAKEFILE_LIST)

##@ Test

.PHONY: test
test: tools ## Run every offline check: Java unit + integration + end-to-end tests and the platform checks
	@for t in $(TEST_TARGETS); do echo; echo "=== make $$t"; $(MAKE) $$t || exit 1; done
	@echo; echo "=== all checks passed: $(TEST_TARGETS)"

.PHONY: tools
tools: ## Install the pinned tools once into $(TOOLS_CACHE)
	@tools/install.sh $(TOOLS)
