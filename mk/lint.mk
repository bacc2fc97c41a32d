##@ Containers, compose, workflows and shell

TOOLS += hadolint shellcheck actionlint zizmor compose-check
TEST_TARGETS += lint-docker lint-compose lint-actions lint-shell lint-size
# The fast lane (.github/workflows/validate.yml): checks that need no Java build. Other areas append theirs.
VALIDATE_TARGETS += lint-docker lint-compose lint-actions lint-shell lint-size

# Only the project's own files: what git tracks plus new files not yet committed (untracked, not ignored), so a
# new script is checked before its first commit, while what a run leaves in ignored folders (.run/, target/, e.g. the
# embedded PostgreSQL's detect_linux_distribution_*.sh) and other projects' files never are.
OWN_FILES = git ls-files --cached --others --exclude-standard --deduplicate
LINT_DOCKERFILES = $(wildcard $(shell $(OWN_FILES) -- Dockerfile '*/Dockerfile' '*.Dockerfile' '*/Dockerfile.*' 'Dockerfile.*' | sort -u))
# Every *.sh, plus .ci/run (no extension). The Maven wrapper (mvnw) is upstream's generated file, not ours.
LINT_SCRIPTS = $(wildcard $(shell $(OWN_FILES) -- '*.sh' ':!:tools/recipes/*' | sort -u)) .ci/run
# Recipes have no shebang: tools/install.sh sources them into bash, so they are checked as bash.
LINT_RECIPES = $(wildcard $(shell $(OWN_FILES) -- 'tools/recipes/*.sh' | sort -u))
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

# Source files of our own over LINT_SIZE_MAX lines need a written reason in tools/long-files.txt.
LINT_SIZE_MAX := 300
LINT_SIZE_FILES = $(shell $(OWN_FILES) -- '*.java' '*.py' '*.go' '*.sh' '*.js' '*.ts' | sort -u)
.PHONY: lint-size
lint-size: ## No source file over $(LINT_SIZE_MAX) lines without its reason in tools/long-files.txt (and no stale entry)
	@fail=0; listed=$$(grep -v '^\s*\(#\|$$\)' tools/long-files.txt | awk '{print $$1}'); \
	for f in $(LINT_SIZE_FILES); do [ -f "$$f" ] || continue; n=$$(wc -l < "$$f"); \
	  if [ "$$n" -gt $(LINT_SIZE_MAX) ] && ! printf '%s\n' $$listed | grep -qxF "$$f"; then \
	    echo "$$f: $$n lines, over $(LINT_SIZE_MAX): split it, or give the reason in tools/long-files.txt"; fail=1; fi; done; \
	for f in $$listed; do \
	  if [ ! -f "$$f" ] || [ "$$(wc -l < "$$f")" -le $(LINT_SIZE_MAX) ]; then \
	    echo "tools/long-files.txt: $$f is gone or within $(LINT_SIZE_MAX) lines now: remove its line"; fail=1; fi; \
	  grep -E "^$$f[[:space:]]+[^[:space:]]" tools/long-files.txt > /dev/null \
	    || { echo "tools/long-files.txt: $$f has no reason"; fail=1; }; done; \
	[ $$fail -eq 0 ] && echo "lint-size: $(words $(LINT_SIZE_FILES)) source files, $$(printf '%s\n' $$listed | wc -l) over $(LINT_SIZE_MAX) lines, each with its reason"

.PHONY: validate
validate: ## Fast checks that need no Java build: every VALIDATE_TARGETS target (lint, manifests, ...)
	@for t in $(VALIDATE_TARGETS); do echo; echo "=== make $$t"; $(MAKE) $$t || exit 1; done
	@echo; echo "=== validate passed: $(VALIDATE_TARGETS)"
