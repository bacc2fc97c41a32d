##@ Terraform (AWS infrastructure)

TOOLS += tofu tflint terraform-docs checkov aws-provider-schema python-hcl2
TEST_TARGETS += tf-check

# OpenTofu by default; `make deploy TF=terraform` works the same.
TF ?= tofu
AWS_REGION ?= eu-west-1
# AUTO_APPROVE=1 skips the confirmation prompts (CI); STATE=1 makes teardown also destroy the state stack.
AUTO_APPROVE ?= 0
STATE ?= 0

TF_DIR := terraform
TF_ENV_DIR := $(TF_DIR)/environments/dev
TF_BOOTSTRAP_DIR := $(TF_DIR)/bootstrap
TF_MODULE_DIRS := $(sort $(patsubst %/main.tf,%,$(wildcard $(TF_DIR)/modules/*/main.tf)))
TF_STACK_DIRS := $(TF_MODULE_DIRS) $(TF_ENV_DIR) $(TF_BOOTSTRAP_DIR)
TF_AUTO := $(if $(filter 1,$(AUTO_APPROVE)),-auto-approve,)

# Rough on-demand list prices, eu-west-1; the table is in docs/deploy.md.
TF_COST_LINE := Cost: about $$0.29/hour, about $$7/day (~$$210/month) while it runs, eu-west-1 list prices: EKS control plane $$0.10/h, 2x t3.medium, one NAT gateway + its IPv4, db.t3.micro, cache.t3.micro, storage. Traffic, logs and load balancers extra. See docs/deploy.md.

# confirm,QUESTION: ask unless AUTO_APPROVE=1.
define tf_confirm
	@if [ "$(AUTO_APPROVE)" != "1" ]; then \
	  read -r -p "$(1) Type 'yes' to continue: " answer; \
	  [ "$$answer" = yes ] || { echo "aborted"; exit 1; }; \
	fi
endef

# Initialise the dev stack against the state bucket that terraform/bootstrap created.
define tf_env_init
	$(TF) -chdir=$(TF_ENV_DIR) init -input=false -reconfigure \
	  -backend-config="bucket=$$($(TF) -chdir=$(TF_BOOTSTRAP_DIR) output -raw state_bucket)" \
	  -backend-config="region=$(AWS_REGION)"
endef

.PHONY: deploy
deploy: ## Create everything on AWS: state bucket, dev stack, kubeconfig, then ArgoCD (AUTO_APPROVE=1 skips prompts)
	@test -f $(TF_ENV_DIR)/terraform.tfvars \
	  || { echo "first: cp $(TF_ENV_DIR)/terraform.tfvars.example $(TF_ENV_DIR)/terraform.tfvars and fill it in"; exit 1; }
	@echo "$(TF_COST_LINE)"
	$(call tf_confirm,Deploy kubeflow-ops dev to AWS account $$(aws sts get-caller-identity --query Account --output text) in $(AWS_REGION)?)
	$(TF) -chdir=$(TF_BOOTSTRAP_DIR) init -input=false
	$(TF) -chdir=$(TF_BOOTSTRAP_DIR) apply -input=false -auto-approve -var region=$(AWS_REGION)
	$(tf_env_init)
	$(TF) -chdir=$(TF_ENV_DIR) apply -input=false $(TF_AUTO) -var region=$(AWS_REGION)
	aws eks update-kubeconfig --region $(AWS_REGION) --name "$$($(TF) -chdir=$(TF_ENV_DIR) output -raw cluster_name)"
	$(MAKE) gitops-bootstrap

.PHONY: teardown
teardown: ## Delete everything: ArgoCD apps and their load balancers, images, dev stack; STATE=1 also the state bucket
	@echo "$(TF_COST_LINE)"
	$(call tf_confirm,Destroy kubeflow-ops dev in $(AWS_REGION) (database and images are deleted)?)
	$(MAKE) gitops-teardown
	$(tf_env_init)
	@for repo in $$($(TF) -chdir=$(TF_ENV_DIR) output -json ecr_repository_names | tr -d '[]",'); do \
	  echo "emptying ECR repository $$repo"; \
	  while ids=$$(aws ecr list-images --region $(AWS_REGION) --repository-name "$$repo" --max-items 100 \
	                 --query 'imageIds[*]' --output json) && [ "$$ids" != "[]" ]; do \
	    aws ecr batch-delete-image --region $(AWS_REGION) --repository-name "$$repo" --image-ids "$$ids" >/dev/null; \
	  done; \
	done
	$(TF) -chdir=$(TF_ENV_DIR) destroy -input=false $(TF_AUTO) -var region=$(AWS_REGION)
	@if [ "$(STATE)" = 1 ]; then \
	  echo "destroying the state bucket and lock table"; \
	  $(TF) -chdir=$(TF_BOOTSTRAP_DIR) apply -input=false -auto-approve -var region=$(AWS_REGION) -var force_destroy=true && \
	  $(TF) -chdir=$(TF_BOOTSTRAP_DIR) destroy -input=false -auto-approve -var region=$(AWS_REGION) -var force_destroy=true; \
	else \
	  echo "state bucket and lock table kept (make teardown STATE=1 removes them)"; \
	fi

.PHONY: tf-check
tf-check: tf-fmt tf-lint tf-schema tf-sec tf-docs ## Offline Terraform checks: format, lint, provider schema, security scan, module READMEs

.PHONY: tf-fmt
tf-fmt: ## tofu fmt -check over terraform/ (fails on unformatted files and shows the diff)
	env -u TF_CLI_CONFIG_FILE tofu fmt -check -recursive -diff $(TF_DIR)

# The bundled terraform ruleset needs no plugin download; an empty plugin dir in the cache makes sure tflint
# never looks elsewhere.
.PHONY: tf-lint
tf-lint: ## tflint (all rules of the terraform ruleset) on every module and stack
	@mkdir -p "$(TOOLS_CACHE)/tflint/plugins"
	TFLINT_PLUGIN_DIR="$(TOOLS_CACHE)/tflint/plugins" tflint --chdir=$(TF_DIR) --recursive \
	  --config="$(CURDIR)/$(TF_DIR)/.tflint.hcl" --format=compact

.PHONY: tf-schema
tf-schema: ## Check resource types, arguments, blocks and attribute references against the hashicorp/aws schema
	hcl2-python $(TF_DIR)/tests/aws_schema.py check "$$(aws-provider-schema)" $$(find $(TF_DIR) -name '*.tf' -not -path '*/.terraform/*' | sort)

.PHONY: tf-sec
tf-sec: ## checkov security scan of terraform/; every skipped check must carry a written reason
	@bad=$$(grep -rnE '#[[:space:]]*checkov:skip=[A-Z0-9_]+[[:space:]]*(:[[:space:]]*)?$$' $(TF_DIR) --include='*.tf' || true); \
	if [ -n "$$bad" ]; then echo "checkov skips without a reason (write #checkov:skip=ID:reason):"; echo "$$bad"; exit 1; fi
	checkov --config-file $(TF_DIR)/.checkov.yaml --directory $(TF_DIR)

.PHONY: tf-docs
tf-docs: ## Check that every module README's generated section (terraform-docs) is up to date
	@for d in $(TF_STACK_DIRS); do \
	  terraform-docs --config $(TF_DIR)/.terraform-docs.yml --output-check "$$d" >/dev/null \
	    || { echo "$$d/README.md is out of date: run make tf-docs-gen"; exit 1; }; \
	done; echo "terraform-docs: READMEs up to date"

.PHONY: tf-docs-gen
tf-docs-gen: ## Regenerate the terraform-docs section of every module README
	@for d in $(TF_STACK_DIRS); do terraform-docs --config $(TF_DIR)/.terraform-docs.yml "$$d"; done

# ---------------------------------------------------------------------------------------------------------
# tf-validate: `tofu validate` and `tofu plan` need the hashicorp/aws provider, which cannot be downloaded here,
# and its Go module is not served by the module proxy either. A stand-in built from tools/go/aws-provider-stub
# serves the provider's published schema (aws-provider-schema) from a filesystem mirror: tofu then checks types,
# required arguments, references, module wiring and count/for_each known-ness, and plans the dev stack
# (local backend, terraform.tfvars.example). The stand-in never calls AWS and cannot apply.
# ---------------------------------------------------------------------------------------------------------
TF_VALIDATE_DIR := build/tf-validate

.PHONY: tf-validate
tf-validate: ## tofu init + validate of every module and stack, and plan of dev + bootstrap, against a schema-only AWS provider
	@rm -rf $(TF_VALIDATE_DIR) && mkdir -p $(TF_VALIDATE_DIR)
	@schema=$$(aws-provider-schema); \
	version=$$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["provider_version"])' "$$schema"); \
	platform=$$(go env GOOS)_$$(go env GOARCH); \
	bin=$(CURDIR)/$(TF_VALIDATE_DIR)/mirror/registry.opentofu.org/hashicorp/aws/$$version/$$platform/terraform-provider-aws_v$$version; \
	echo "building the schema-only stand-in for hashicorp/aws $$version"; \
	(cd tools/go/aws-provider-stub && CGO_ENABLED=0 go build -o "$$bin" .); \
	printf 'provider_installation {\n  filesystem_mirror {\n    path    = "%s"\n    include = ["registry.opentofu.org/hashicorp/aws"]\n  }\n}\n' \
	  "$(CURDIR)/$(TF_VALIDATE_DIR)/mirror" > $(TF_VALIDATE_DIR)/tofurc
	@tar -C . --exclude=.terraform --exclude='*.tfstate*' --exclude=terraform.tfvars -cf - $(TF_DIR) | tar -C $(TF_VALIDATE_DIR) -xf -
	@export TF_CLI_CONFIG_FILE=$(CURDIR)/$(TF_VALIDATE_DIR)/tofurc AWS_PROVIDER_STUB_SCHEMA="$$(aws-provider-schema)" TF_IN_AUTOMATION=1; \
	for d in $(TF_STACK_DIRS); do \
	  echo "== validate $$d"; \
	  tofu -chdir=$(TF_VALIDATE_DIR)/$$d init -backend=false -input=false -no-color > $(TF_VALIDATE_DIR)/init.log 2>&1 \
	    || { cat $(TF_VALIDATE_DIR)/init.log; exit 1; }; \
	  tofu -chdir=$(TF_VALIDATE_DIR)/$$d validate -no-color || exit 1; \
	done; \
	for d in $(TF_ENV_DIR) $(TF_BOOTSTRAP_DIR); do \
	  echo "== plan $$d"; \
	  printf 'terraform {\n  backend "local" {}\n}\n' > $(TF_VALIDATE_DIR)/$$d/backend_override.tf; \
	  if [ -f $(TF_VALIDATE_DIR)/$$d/terraform.tfvars.example ]; then \
	    cp $(TF_VALIDATE_DIR)/$$d/terraform.tfvars.example $(TF_VALIDATE_DIR)/$$d/terraform.tfvars; fi; \
	  tofu -chdir=$(TF_VALIDATE_DIR)/$$d init -input=false -reconfigure -no-color > $(TF_VALIDATE_DIR)/init.log 2>&1 \
	    || { cat $(TF_VALIDATE_DIR)/init.log; exit 1; }; \
	  tofu -chdir=$(TF_VALIDATE_DIR)/$$d plan -input=false -no-color -out=plan.tfplan > $(TF_VALIDATE_DIR)/plan.log 2>&1 \
	    || { cat $(TF_VALIDATE_DIR)/plan.log; exit 1; }; \
	  grep -E '^(Plan|No changes)' $(TF_VALIDATE_DIR)/plan.log; \
	done
