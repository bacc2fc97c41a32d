##@ Containers, compose, workflows and shell

TOOLS += hadolint shellcheck actionlint zizmor compose-check
TEST_TARGETS += lint-docker lint-compose lint-actions lint-shell
# The fast lane (.github/workflows/validate.yml): checks that need no Java build. Other areas append theirs.
VALIDATE_TARGETS += lint-docker lint-compose lint-actions lint-shell

# Files are found on disk (not through git), so new files are checked before they are committed.
LINT_PRUNE := -path ./.git -o -path ./build -o -name target -o -name node_modules -o -name .terraform
LINT_DOCKERFILES = $(shell find . \( $(LINT_PRUNE) \) -prune -o -type f \( -name Dockerfile -o -name '*.Dockerfile' -o -name 'Dockerfile.*' \) -print | sort)
# Every *.sh, plus .ci/run (no extension). The Maven wrapper (mvnw) is upstream's generated file, not ours.
LINT_SCRIPTS = $(shell find . \( $(LINT_PRUNE) \) -prune -o -type f -name '*.sh' ! -path './tools/recipes/*' -print | sort) .ci/run
# Recipes have no shebang: tools/install.sh sources them into bash, so they are checked as bash.
LINT_RECIPES = $(sort $(wildcard tools/recipes/*.sh))
# SC1091 only says shellcheck could not follow a `. "$dir/file"` whose path is computed at run time; it is
# not a finding about the script, so it is off. Every other check, style level included, stays on.
SHELLCHECK_FLAGS := --exclude=SC1091

.PHONY: lint-docker
lint-docker: ## hadolint on every Dockerfile (apps/Dockerfile builds all three services)
	@tools/install.sh hadolint
	@test -n "$(LINT_DOCKERFILES)" || { echo "no Dockerfile found" >&2; exit 1; }
	hadolint --no-color $(LINT_DOCKERFILES)
	@echo "hadolint: $(words $(LINT_DOCKERFILES)) Dockerfile(s) clean"

.PHONY: lint-compose
lint-compose: ## Validate docker-compose.yml offline: Compose schema, references, container baseline
	@tools/install.sh compose-check
	compose-check docker-compose.yml

.PHONY: lint-actions
lint-actions: ## Workflows: actionlint (+ shellcheck on run: blocks), zizmor security audit, every pinned tool installed before use
	@tools/install.sh actionlint shellcheck zizmor
	actionlint -shellcheck="$$(command -v shellcheck)" -no-color
	@echo "actionlint: $$(ls .github/workflows/*.y*ml | wc -l) workflow(s) clean"
	zizmor --offline --no-progress --min-severity=low .github/workflows
	python3 tools/workflow_tools.py

.PHONY: lint-shell
lint-shell: ## shellcheck on every shell script (*.sh, .ci/run, the tool recipes)
	@tools/install.sh shellcheck
	shellcheck $(SHELLCHECK_FLAGS) $(LINT_SCRIPTS)
	shellcheck $(SHELLCHECK_FLAGS) --shell=bash $(LINT_RECIPES)
	@echo "shellcheck: $(words $(LINT_SCRIPTS) $(LINT_RECIPES)) script(s) clean"

.PHONY: validate
validate: ## Fast checks that need no Java build: every VALIDATE_TARGETS target (lint, manifests, ...)
	@for t in $(VALIDATE_TARGETS); do echo; echo "=== make $$t"; $(MAKE) $$t || exit 1; done
	@echo; echo "=== validate passed: $(VALIDATE_TARGETS)"
