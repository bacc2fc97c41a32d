##@ Terraform (AWS infrastructure)

TOOLS += tofu tflint terraform-docs checkov aws-provider-schema python-hcl2 boto3 moto
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

# The state bucket and its KMS key, as terraform/bootstrap names them: they follow from the account and region,
# so CI (which has no bootstrap state) and a second operator find them too. The backend locks with a lock file
# next to the state (use_lockfile) and encrypts state objects with the bootstrap key, not with SSE-S3.
TF_ACCOUNT = $$(aws sts get-caller-identity --query Account --output text)
TF_STATE_BUCKET = kubeflow-ops-tfstate-$(TF_ACCOUNT)-$(AWS_REGION)
TF_STATE_KEY_ALIAS := alias/kubeflow-ops-tfstate
TF_INSTALL := $(if $(filter tofu,$(TF)),@tools/install.sh tofu,@true)
# The Redis AUTH token lives only in Secrets Manager: make deploy creates it once, passes it to tofu as an ephemeral
# variable (never in state or plan), notification-service reads it through External Secrets, teardown deletes it.
TF_REDIS_SECRET := kubeflow-ops/dev/redis-auth
# Each service's own database login, {"username","password"}: make deploy creates it once with a random password,
# the database-roles Job (gitops/apps/database-roles) makes the database match it, the service reads it through
# External Secrets (docs/adr/0004-database-credentials.md); teardown deletes it. The prefix is db_secret_prefix in
# gitops/environments/dev/settings.env (terraform/tests/stack_test.py checks that the two agree).
TF_DB_SECRET_PREFIX := kubeflow-ops/dev/db
TF_DB_LOGINS := user-service:user_service order-service:order_service notification-service:notification_service

# tf_db_login,SERVICE,ROLE: create the service's login secret unless it exists.
define tf_db_login
	aws secretsmanager describe-secret --region $(AWS_REGION) --secret-id $(TF_DB_SECRET_PREFIX)/$(1) > /dev/null 2>&1 \
	  || aws secretsmanager create-secret --region $(AWS_REGION) --name $(TF_DB_SECRET_PREFIX)/$(1) \
	       --description "Database login of $(1) (created by make deploy)" \
	       --tags Key=Project,Value=kubeflow-ops Key=Environment,Value=dev \
	       --secret-string "{\"username\":\"$(2)\",\"password\":\"$$(aws secretsmanager get-random-password --region $(AWS_REGION) \
	                         --exclude-punctuation --password-length 48 --query RandomPassword --output text)\"}" > /dev/null
endef

# teardown reaches the cluster through this kubeconfig and context only, never the operator's current one; the file
# is written only when the stack's cluster exists (a deploy that stopped before EKS leaves nothing to remove in it).
TF_TEARDOWN_KUBECONFIG := $(TF_ENV_DIR)/.teardown-kubeconfig
TF_TEARDOWN_CONTEXT := kubeflow-ops-teardown
# "n" under `make -n`, which still runs every line that names $(MAKE): such a line must not act on a guess.
TF_DRY_RUN := $(findstring n,$(filter-out -% %=%,$(firstword $(MAKEFLAGS))))

# Initialise the dev stack against the state bucket that terraform/bootstrap created.
define tf_env_init
	$(TF) -chdir=$(TF_ENV_DIR) init -input=false -reconfigure \
	  -backend-config="bucket=$(TF_STATE_BUCKET)" \
	  -backend-config="region=$(AWS_REGION)" \
	  -backend-config="kms_key_id=$$(aws kms describe-key --region $(AWS_REGION) --key-id $(TF_STATE_KEY_ALIAS) --query KeyMetadata.Arn --output text)"
endef

.PHONY: deploy
deploy: ## Create everything on AWS: state bucket, dev stack, kubeconfig, hand-off, ArgoCD (AUTO_APPROVE=1 skips prompts, GITOPS_PUSH=1 pushes the hand-off)
	@test -f $(TF_ENV_DIR)/terraform.tfvars \
	  || { echo "first: cp $(TF_ENV_DIR)/terraform.tfvars.example $(TF_ENV_DIR)/terraform.tfvars and fill it in"; exit 1; }
	@echo "$(TF_COST_LINE)"
	$(call tf_confirm,Deploy kubeflow-ops dev to AWS account $(TF_ACCOUNT) in $(AWS_REGION)?)
	$(TF_INSTALL)
	$(TF) -chdir=$(TF_BOOTSTRAP_DIR) init -input=false
	$(TF) -chdir=$(TF_BOOTSTRAP_DIR) apply -input=false -auto-approve -var region=$(AWS_REGION)
	# Karpenter's NodePool allows spot: EC2 needs the account-wide Spot service-linked role for that. It is not in
	# the stack (it outlives it, and an account has at most one), so it is created here when missing.
	aws iam get-role --role-name AWSServiceRoleForEC2Spot > /dev/null 2>&1 \
	  || aws iam create-service-linked-role --aws-service-name spot.amazonaws.com > /dev/null
	aws secretsmanager describe-secret --region $(AWS_REGION) --secret-id $(TF_REDIS_SECRET) > /dev/null 2>&1 \
	  || aws secretsmanager create-secret --region $(AWS_REGION) --name $(TF_REDIS_SECRET) \
	       --description "Redis AUTH token of kubeflow-ops dev (created by make deploy)" \
	       --tags Key=Project,Value=kubeflow-ops Key=Environment,Value=dev \
	       --secret-string "$$(aws secretsmanager get-random-password --region $(AWS_REGION) --exclude-punctuation \
	                           --password-length 64 --query RandomPassword --output text)" > /dev/null
	$(call tf_db_login,user-service,user_service)
	$(call tf_db_login,order-service,order_service)
	$(call tf_db_login,notification-service,notification_service)
	$(tf_env_init)
	TF_VAR_redis_auth_token="$$(aws secretsmanager get-secret-value --region $(AWS_REGION) --secret-id $(TF_REDIS_SECRET) \
	                            --query SecretString --output text)" \
	  $(TF) -chdir=$(TF_ENV_DIR) apply -input=false $(TF_AUTO) -var region=$(AWS_REGION)
	aws eks update-kubeconfig --region $(AWS_REGION) --name "$$($(TF) -chdir=$(TF_ENV_DIR) output -raw cluster_name)"
	# The hand-off: Terraform's IDs into gitops/environments/dev/handoff.env, then into the git revision ArgoCD
	# reads (GITOPS_PUSH=1 commits and pushes it; otherwise this stops and prints the commands), then ArgoCD.
	$(MAKE) gitops-handoff
	$(MAKE) gitops-publish
	$(MAKE) gitops-bootstrap

.PHONY: teardown
teardown: ## Delete everything: ArgoCD apps and their load balancers, images, dev stack; STATE=1 also the state bucket
	@echo "$(TF_COST_LINE)"
	$(call tf_confirm,Destroy kubeflow-ops dev in $(AWS_REGION) (database and images are deleted)?)
	$(TF_INSTALL)
	$(tf_env_init)
	@# What runs in the cluster goes first (load balancers, volumes, Karpenter's instances), on that cluster only:
	@# a kubeconfig of its own for the stack's cluster, written only if that cluster exists.
	@rm -f $(TF_TEARDOWN_KUBECONFIG); cluster=$$($(TF) -chdir=$(TF_ENV_DIR) output -raw cluster_name 2> /dev/null || true); \
	if [ -n "$$cluster" ] && aws eks describe-cluster --region $(AWS_REGION) --name "$$cluster" > /dev/null 2>&1; then \
	  aws eks update-kubeconfig --region $(AWS_REGION) --name "$$cluster" \
	    --kubeconfig $(TF_TEARDOWN_KUBECONFIG) --alias $(TF_TEARDOWN_CONTEXT); \
	else echo "no EKS cluster: nothing to remove inside it"; fi
	$(MAKE) tf-teardown-cluster
	@for repo in $$($(TF) -chdir=$(TF_ENV_DIR) output -json ecr_repository_names | tr -d '[]",'); do \
	  echo "emptying ECR repository $$repo"; \
	  while ids=$$(aws ecr list-images --region $(AWS_REGION) --repository-name "$$repo" --max-items 100 \
	                 --query 'imageIds[*]' --output json) && [ "$$ids" != "[]" ]; do \
	    aws ecr batch-delete-image --region $(AWS_REGION) --repository-name "$$repo" --image-ids "$$ids" >/dev/null; \
	  done; \
	done
	@cluster=$$($(TF) -chdir=$(TF_ENV_DIR) output -raw cluster_name 2> /dev/null || echo kubeflow-ops-dev); \
	  echo "$$cluster" > $(TF_ENV_DIR)/.teardown-cluster
	$(TF) -chdir=$(TF_ENV_DIR) destroy -input=false $(TF_AUTO) -var region=$(AWS_REGION)
	@if aws secretsmanager describe-secret --region $(AWS_REGION) --secret-id $(TF_REDIS_SECRET) > /dev/null 2>&1; then \
	  echo "deleting the Redis AUTH token secret"; \
	  aws secretsmanager delete-secret --region $(AWS_REGION) --secret-id $(TF_REDIS_SECRET) --force-delete-without-recovery > /dev/null; \
	fi
	@for s in $(TF_DB_LOGINS); do id=$(TF_DB_SECRET_PREFIX)/$${s%%:*}; \
	  if aws secretsmanager describe-secret --region $(AWS_REGION) --secret-id "$$id" > /dev/null 2>&1; then \
	    echo "deleting the database login secret $$id"; \
	    aws secretsmanager delete-secret --region $(AWS_REGION) --secret-id "$$id" --force-delete-without-recovery > /dev/null; \
	  fi; \
	done
	@if [ "$(STATE)" = 1 ]; then \
	  echo "destroying the state bucket and its key"; \
	  $(TF) -chdir=$(TF_BOOTSTRAP_DIR) apply -input=false -auto-approve -var region=$(AWS_REGION) -var force_destroy=true && \
	  $(TF) -chdir=$(TF_BOOTSTRAP_DIR) destroy -input=false -auto-approve -var region=$(AWS_REGION) -var force_destroy=true; \
	else \
	  echo "state bucket and its key kept (make teardown STATE=1 removes them)"; \
	fi
	# What tofu destroy cannot see: volumes, interfaces, load balancers, log groups and instances that the
	# cluster's controllers created, and anything else still tagged for the project. Any of them fails teardown.
	@tools/install.sh boto3
	boto3-python terraform/sweep/sweep.py --region $(AWS_REGION) --cluster "$$(cat $(TF_ENV_DIR)/.teardown-cluster)" \
	  $(if $(filter 1,$(STATE)),,--keep-state)

# teardown's step inside the cluster, in a make run of its own: make expands a recipe before running its first line,
# so only a new run sees whether the line before wrote the kubeconfig. `make -n teardown` shows the steps.
.PHONY: tf-teardown-cluster
tf-teardown-cluster:
	$(if $(TF_DRY_RUN)$(wildcard $(TF_TEARDOWN_KUBECONFIG)),$(MAKE) gitops-teardown KUBECONFIG=$(TF_TEARDOWN_KUBECONFIG) GITOPS_CONTEXT=$(TF_TEARDOWN_CONTEXT),@true)

.PHONY: tf-init
tf-init: ## tofu init of the dev stack against this account's state bucket (CI and operators)
	$(TF_INSTALL)
	$(tf_env_init)

.PHONY: tf-plan
tf-plan: tf-init ## tofu plan of the dev stack into terraform/environments/dev/tfplan, the readable plan into plan.txt
	$(TF) -chdir=$(TF_ENV_DIR) plan -input=false -lock-timeout=5m -no-color -var region=$(AWS_REGION) -out=tfplan \
	  | tee $(TF_ENV_DIR)/plan.txt

# A saved plan refuses to apply if the state changed since it was made, so nothing unreviewed slips in.
.PHONY: tf-apply-plan
tf-apply-plan: tf-init ## Apply exactly the saved plan terraform/environments/dev/tfplan
	$(TF) -chdir=$(TF_ENV_DIR) apply -input=false -lock-timeout=10m -no-color tfplan

.PHONY: tf-sweep
tf-sweep: ## List what is left on AWS for the project and its cluster after a teardown (fails if anything is)
	@tools/install.sh boto3
	boto3-python terraform/sweep/sweep.py --region $(AWS_REGION) --cluster kubeflow-ops-dev $(if $(filter 1,$(STATE)),,--keep-state)

.PHONY: tf-check
tf-check: tf-fmt tf-lint tf-schema tf-sec tf-docs tf-test tf-sweep-test ## Offline Terraform checks: format, lint, provider schema, security scan, module READMEs, stack assertions, sweep

.PHONY: tf-test
tf-test: ## Assertions on the stack and the deploy/teardown sequence (terraform/tests/stack_test.py)
	@tools/install.sh python-hcl2
	hcl2-python -m unittest -v terraform/tests/stack_test.py 2>&1 | tail -n 40

.PHONY: tf-sweep-test
tf-sweep-test: ## The post-destroy sweep against moto's AWS emulator: finds every seeded leftover, passes a clean account
	@tools/install.sh boto3 moto
	boto3-python -m unittest -v terraform/sweep/sweep_test.py 2>&1 | tail -n 40

.PHONY: tf-fmt
tf-fmt: ## tofu fmt -check over terraform/ (fails on unformatted files and shows the diff)
	@tools/install.sh tofu
	env -u TF_CLI_CONFIG_FILE tofu fmt -check -recursive -diff $(TF_DIR)

# The bundled terraform ruleset needs no plugin download; an empty plugin dir in the cache makes sure tflint
# never looks elsewhere.
.PHONY: tf-lint
tf-lint: ## tflint (all rules of the terraform ruleset) on every module and stack
	@tools/install.sh tflint
	@mkdir -p "$(TOOLS_CACHE)/tflint/plugins"
	TFLINT_PLUGIN_DIR="$(TOOLS_CACHE)/tflint/plugins" tflint --chdir=$(TF_DIR) --recursive \
	  --config="$(CURDIR)/$(TF_DIR)/.tflint.hcl" --format=compact

.PHONY: tf-schema
tf-schema: ## Check resource types, arguments, blocks and attribute references against the hashicorp/aws schema
	@tools/install.sh python-hcl2 aws-provider-schema
	hcl2-python $(TF_DIR)/tests/aws_schema.py check "$$(aws-provider-schema)" $$(find $(TF_DIR) -name '*.tf' -not -path '*/.terraform/*' | sort)

.PHONY: tf-sec
tf-sec: ## checkov security scan of terraform/; every skipped check must carry a written reason
	@tools/install.sh checkov
	@bad=$$(grep -rnE '#[[:space:]]*checkov:skip=[A-Z0-9_]+[[:space:]]*(:[[:space:]]*)?$$' $(TF_DIR) --include='*.tf' || true); \
	if [ -n "$$bad" ]; then echo "checkov skips without a reason (write #checkov:skip=ID:reason):"; echo "$$bad"; exit 1; fi
	checkov --config-file $(TF_DIR)/.checkov.yaml --directory $(TF_DIR)

.PHONY: tf-docs
tf-docs: ## Check that every module README's generated section (terraform-docs) is up to date
	@tools/install.sh terraform-docs
	@for d in $(TF_STACK_DIRS); do \
	  terraform-docs --config $(TF_DIR)/.terraform-docs.yml --output-check "$$d" >/dev/null \
	    || { echo "$$d/README.md is out of date: run make tf-docs-gen"; exit 1; }; \
	done; echo "terraform-docs: READMEs up to date"

.PHONY: tf-docs-gen
tf-docs-gen: ## Regenerate the terraform-docs section of every module README
	@tools/install.sh terraform-docs
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
	@tools/install.sh tofu aws-provider-schema
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
