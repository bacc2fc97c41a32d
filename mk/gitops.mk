##@ GitOps (Kustomize apps, ArgoCD, platform add-ons, Kyverno policies)

TOOLS += kubectl-validate kyverno
TEST_TARGETS += gitops-check
VALIDATE_TARGETS += gitops-check

GITOPS_OUT := build/gitops
# The cluster's Kubernetes version: the one Terraform pins for EKS (the default of kubernetes_version in
# terraform/environments/dev), so native objects are validated against the schema the cluster will apply.
GITOPS_K8S_VERSION ?= $(shell awk '/variable "kubernetes_version"/ {v=1} v && /default/ {gsub(/"/, "", $$3); print $$3; exit}' terraform/environments/dev/variables.tf)
GITOPS_POLICIES := gitops/platform/kyverno/policies
# ArgoCD's chart version, read from the Application that keeps ArgoCD up to date (one pin, two users).
ARGOCD_CHART_VERSION = $(shell awk '/targetRevision:/ {print $$2; exit}' gitops/platform/argocd/applications/argocd.yaml)
ARGOCD_NS := argocd

.PHONY: gitops-check
gitops-check: gitops-render gitops-values gitops-validate gitops-policy gitops-handoff-check gitops-context-check ## Render every overlay/platform folder, validate strictly, run the Kyverno policies

.PHONY: gitops-render
gitops-render: ## Render every overlay and platform folder with kubectl kustomize into build/gitops/rendered
	@command -v kubectl > /dev/null || { echo "error: kubectl is required (kubectl kustomize)"; exit 1; }
	@echo ">> kubectl kustomize ($$(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: //p'))"
	@gitops/hack/render.sh $(GITOPS_OUT)/rendered
	@python3 gitops/hack/check_rendered.py $(GITOPS_OUT)/rendered gitops/hack/crd-sources.txt
	@python3 gitops/hack/check_edge.py $(GITOPS_OUT)/rendered

.PHONY: gitops-values
gitops-values: ## Our Helm values (files + Applications' valuesObject) against the pinned charts' own default values
	@python3 gitops/hack/check_values.py gitops/hack/chart-values-sources.txt

.PHONY: gitops-validate
gitops-validate: gitops-render ## Validate every rendered object: Kubernetes schema of the EKS version Terraform pins + the pinned add-ons' CRDs, unknown fields are errors
	@tools/install.sh kubectl-validate
	@gitops/hack/crds.sh $(GITOPS_OUT)/crds
	@gitops/hack/validate.sh $(GITOPS_K8S_VERSION) $(GITOPS_OUT)/crds $(GITOPS_OUT)/rendered

.PHONY: gitops-policy
gitops-policy: gitops-render ## Kyverno: each policy's kyverno-test.yaml fixtures, then all four policies over our rendered manifests
	@tools/install.sh kyverno
	kyverno test $(GITOPS_POLICIES)
	@gitops/hack/policy.sh $(GITOPS_POLICIES) $(GITOPS_OUT)/rendered

# The cluster-side targets must refuse to run on a kube context that is merely current: a kubeconfig whose current
# context is another cluster (unreachable here) must stop bootstrap and teardown before any kubectl call reaches it.
# (A plain `make`, not $(MAKE): `make -n` would run a $(MAKE) line and take the dry run for a success.)
.PHONY: gitops-context-check
gitops-context-check: ## gitops-bootstrap and gitops-teardown refuse a kubeconfig without the hand-off's context (not the current one)
	@mkdir -p $(GITOPS_OUT)
	@printf 'apiVersion: v1\nkind: Config\ncurrent-context: someone-elses-cluster\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:9"}}]\nusers: [{name: u, user: {}}]\ncontexts: [{name: someone-elses-cluster, context: {cluster: c, user: u}}]\n' > $(GITOPS_OUT)/other.kubeconfig
	@for t in gitops-teardown gitops-bootstrap; do \
	  if KUBECONFIG=$(GITOPS_OUT)/other.kubeconfig make --no-print-directory $$t GITOPS_INSTALL_ARGOCD=0 GITOPS_WAIT=0 > $(GITOPS_OUT)/$$t.log 2>&1; then \
	    echo "FAIL: make $$t ran against the current context of another cluster:"; cat $(GITOPS_OUT)/$$t.log; exit 1; fi; \
	  grep -q "no kube context 'arn:aws:eks:" $(GITOPS_OUT)/$$t.log \
	    || { echo "FAIL: make $$t failed for another reason:"; cat $(GITOPS_OUT)/$$t.log; exit 1; }; \
	done; echo "context guard: gitops-teardown and gitops-bootstrap refuse a kubeconfig whose current context is another cluster"

.PHONY: gitops-handoff-check
gitops-handoff-check: ## The committed handoff.env is exactly what gitops-handoff generates from the same values
	@mkdir -p $(GITOPS_OUT)
	@python3 -c 'import json,sys; print(json.dumps(dict(l.rstrip("\n").split("=",1) for l in open(sys.argv[1]) if l.strip() and not l.startswith("#"))))' \
	  gitops/environments/dev/handoff.env > $(GITOPS_OUT)/handoff.json
	@gitops/hack/handoff.sh $(GITOPS_OUT)/handoff.json $(GITOPS_OUT)/handoff.env 2> /dev/null
	@diff -u gitops/environments/dev/handoff.env $(GITOPS_OUT)/handoff.env \
	  && echo "handoff: gitops/environments/dev/handoff.env is in the generated format"

# The environment the cluster-side targets work on; its values are gitops/environments/$(GITOPS_ENV)/*.env.
GITOPS_ENV ?= dev
GITOPS_ENV_DIR = gitops/environments/$(GITOPS_ENV)
gitops_value = $(shell sed -n 's/^$(1)=//p' $(GITOPS_ENV_DIR)/handoff.env $(GITOPS_ENV_DIR)/settings.env 2> /dev/null | head -n1)
# The kube context every cluster-side target acts on, never merely the current one (a teardown of the wrong cluster
# cannot be undone): by default the context `aws eks update-kubeconfig` creates for the hand-off's cluster.
GITOPS_CONTEXT ?= arn:aws:eks:$(call gitops_value,region):$(call gitops_value,account_id):cluster/$(call gitops_value,cluster_name)
GITOPS_KUBECTL = kubectl --context '$(GITOPS_CONTEXT)'
GITOPS_HELM = $$(tools/install.sh --path helm)/helm --kube-context '$(GITOPS_CONTEXT)'
# Fails unless GITOPS_CONTEXT exists and answers: the guard in front of every cluster-side step.
define gitops_check_context
	@kubectl config get-contexts -o name | grep -qxF '$(GITOPS_CONTEXT)' \
	  || { echo "error: no kube context '$(GITOPS_CONTEXT)' in the kubeconfig (current: $$(kubectl config current-context 2> /dev/null || echo none))."; \
	       echo "       Run: aws eks update-kubeconfig --region $(call gitops_value,region) --name $(call gitops_value,cluster_name)"; \
	       echo "       or name the cluster to act on: GITOPS_CONTEXT=<context>"; exit 1; }
	@$(GITOPS_KUBECTL) get --raw /readyz > /dev/null || { echo "error: the cluster of kube context '$(GITOPS_CONTEXT)' does not answer"; exit 1; }
endef

# Empty: read `tofu output -json gitops_handoff` of terraform/environments/dev; a file: read it (CI, the rehearsal).
HANDOFF_JSON ?=
.PHONY: gitops-handoff
gitops-handoff: ## Write gitops/environments/dev/handoff.env from `tofu output -json gitops_handoff` (or HANDOFF_JSON)
	TF=$(TF) gitops/hack/handoff.sh $(HANDOFF_JSON)
	@git --no-pager diff --stat -- gitops/environments/dev/handoff.env

GITOPS_PUSH ?= 0
.PHONY: gitops-publish
gitops-publish: ## Get the hand-off into the git revision ArgoCD reads: GITOPS_PUSH=1 commits and pushes it, else stops with the commands
	gitops/hack/publish.sh $(if $(filter 1,$(GITOPS_PUSH)),push,check) $(GITOPS_ENV)

# GITOPS_INSTALL_ARGOCD=0 skips the Helm install (the rehearsal runs ArgoCD as local processes of the same version).
GITOPS_INSTALL_ARGOCD ?= 1
# How long gitops-bootstrap waits for every Application to be Synced and Healthy (0: do not wait).
GITOPS_WAIT ?= 30m
.PHONY: gitops-bootstrap
gitops-bootstrap: ## Install ArgoCD on GITOPS_CONTEXT, apply the AppProjects and the root app-of-apps, wait until all is Synced and Healthy
	$(gitops_check_context)
	gitops/hack/publish.sh check $(GITOPS_ENV)
ifeq ($(GITOPS_INSTALL_ARGOCD),1)
	tools/install.sh helm
	$(GITOPS_HELM) upgrade --install argocd argo-cd \
	  --repo https://argoproj.github.io/argo-helm --version $(ARGOCD_CHART_VERSION) \
	  --namespace $(ARGOCD_NS) --create-namespace \
	  --values gitops/platform/argocd/values.yaml --wait --timeout 10m
endif
	@# A private repository needs a credential: GITOPS_REPO_PASSWORD (a read-only token) becomes ArgoCD's repository
	@# Secret. Make decides (so `make -n` shows what happens); the token reaches kubectl from the environment through a
	@# pipe, never in make's echo or on a command line.
ifneq ($(GITOPS_REPO_PASSWORD),)
	$(GITOPS_KUBECTL) -n $(ARGOCD_NS) create secret generic kubeflow-ops-repository --dry-run=client -o yaml \
	  --from-literal=type=git --from-literal=url='$(call gitops_value,git_repo_url)' \
	  --from-literal=username="$${GITOPS_REPO_USERNAME:-git}" --from-file=password=<(printf %s "$$GITOPS_REPO_PASSWORD") \
	  | $(GITOPS_KUBECTL) label --local -f - -o yaml argocd.argoproj.io/secret-type=repository \
	  | $(GITOPS_KUBECTL) apply -f - > /dev/null
	@echo "repository credential for $(call gitops_value,git_repo_url) stored"
else
	@echo "no GITOPS_REPO_PASSWORD: ArgoCD reads $(call gitops_value,git_repo_url) without a credential (public repository)"
endif
	# Only the AppProjects and the root (label kubeflow-ops/bootstrap): the root creates the other Applications
	# itself, wave by wave, each wave once the one before is healthy.
	kubectl kustomize gitops/platform/argocd \
	  | $(GITOPS_KUBECTL) apply --server-side --force-conflicts -l kubeflow-ops/bootstrap=true -f -
	gitops/hack/wait-apps.sh '$(GITOPS_CONTEXT)' $(GITOPS_WAIT)

# Order matters: routes and the Gateway go first, while Envoy Gateway, external-dns and the cloud controller still
# run to remove the NLB and the DNS records; then the other workloads, so Karpenter's nodes are empty when their
# NodePool goes; then Karpenter; then Kyverno; then ArgoCD itself. Volumes of StatefulSets (Prometheus, Loki,
# Tempo: not owned by ArgoCD) go with our namespaces, and the teardown waits until their EBS volumes are released.
# A step that times out stops the teardown: better than destroying the VPC under a load balancer or a volume.
GITOPS_TEARDOWN_TIMEOUT ?= 15m
# One external-dns sync interval, for it to delete the routes' DNS records.
GITOPS_TEARDOWN_DNS_WAIT ?= 90
# Namespaces the Applications create (CreateNamespace=true): deleted at the end, with what is left in them.
GITOPS_NAMESPACES = kubeflow-ops monitoring envoy-gateway-system external-dns external-secrets cert-manager
.PHONY: gitops-teardown
gitops-teardown: ## Delete every ArgoCD Application on GITOPS_CONTEXT (load balancers first, Karpenter's nodes once empty), volumes, namespaces, ArgoCD
	$(gitops_check_context)
	@# A cluster without ArgoCD (a deploy that stopped before the bootstrap) has nothing of ours to delete: the steps
	@# are skipped as a whole, so the teardown goes on to destroy the stack. `make -n` lists the steps without asking
	@# the cluster (GNU make runs a line naming $$(MAKE) even under -n, so that line holds only the call).
	$(if $(findstring n,$(firstword -$(MAKEFLAGS))),$(MAKE) gitops-teardown-steps,@if $(GITOPS_KUBECTL) get namespace $(ARGOCD_NS) > /dev/null 2>&1; then $(MAKE) --no-print-directory gitops-teardown-steps; else echo "no ArgoCD on $(GITOPS_CONTEXT): nothing to do"; fi)

.PHONY: gitops-teardown-steps
gitops-teardown-steps:
	# 1. Stop the app-of-apps from re-creating what we delete (no finalizer: children stay for now).
	$(GITOPS_KUBECTL) -n $(ARGOCD_NS) delete application root --ignore-not-found --wait
	# 2. The services and the public entry point: their finalizers delete HTTPRoutes, the Gateway and the NLB.
	$(GITOPS_KUBECTL) -n $(ARGOCD_NS) delete application order-service user-service notification-service gateway \
	  --ignore-not-found --wait --timeout=$(GITOPS_TEARDOWN_TIMEOUT)
	# 3. Wait until no Service of type LoadBalancer is left (its NLB would block the VPC's deletion).
	timeout $(GITOPS_TEARDOWN_TIMEOUT) bash -c 'while $(GITOPS_KUBECTL) get svc -A -o jsonpath="{.items[?(@.spec.type==\"LoadBalancer\")].metadata.name}" | grep -q .; do echo "waiting for load balancers to go"; sleep 10; done'
	# 4. Give external-dns one sync interval to delete the routes' DNS records.
	sleep $(GITOPS_TEARDOWN_DNS_WAIT)
	# 5. Every other workload, except Karpenter, Kyverno (its admission webhook must outlive the rest) and ArgoCD.
	$(GITOPS_KUBECTL) -n $(ARGOCD_NS) get applications -o name \
	  | grep -vE '/(argocd|karpenter|karpenter-config|kyverno|kyverno-policies)$$' \
	  | xargs -r $(GITOPS_KUBECTL) -n $(ARGOCD_NS) delete --wait --timeout=$(GITOPS_TEARDOWN_TIMEOUT)
	# 6. Karpenter's nodes, now empty: deleting the NodePool drains and terminates the EC2 instances it launched
	#    (its terminationGracePeriod bounds a drain that a PodDisruptionBudget would block); then Karpenter itself.
	$(GITOPS_KUBECTL) -n $(ARGOCD_NS) delete application karpenter-config --ignore-not-found --wait --timeout=$(GITOPS_TEARDOWN_TIMEOUT)
	if $(GITOPS_KUBECTL) get crd nodeclaims.karpenter.sh > /dev/null 2>&1; then \
	  $(GITOPS_KUBECTL) wait --for=delete nodeclaims.karpenter.sh --all --timeout=$(GITOPS_TEARDOWN_TIMEOUT); fi
	$(GITOPS_KUBECTL) -n $(ARGOCD_NS) delete application karpenter --ignore-not-found --wait --timeout=$(GITOPS_TEARDOWN_TIMEOUT)
	# 7. Our namespaces with what ArgoCD does not own (StatefulSet volume claims), and the volumes behind them:
	#    the EBS CSI driver (an EKS add-on) deletes each EBS volume while the cluster still exists.
	$(GITOPS_KUBECTL) delete namespace $(GITOPS_NAMESPACES) --ignore-not-found --wait --timeout=$(GITOPS_TEARDOWN_TIMEOUT)
	$(GITOPS_KUBECTL) wait --for=delete persistentvolumes --all --timeout=$(GITOPS_TEARDOWN_TIMEOUT)
	# 8. Kyverno and the webhooks it registered, then ArgoCD.
	$(GITOPS_KUBECTL) -n $(ARGOCD_NS) delete application kyverno-policies kyverno --ignore-not-found --wait --timeout=$(GITOPS_TEARDOWN_TIMEOUT)
	$(GITOPS_KUBECTL) delete validatingwebhookconfigurations,mutatingwebhookconfigurations -l webhook.kyverno.io/managed-by=kyverno --ignore-not-found
	$(GITOPS_KUBECTL) delete namespace kyverno --ignore-not-found --wait --timeout=$(GITOPS_TEARDOWN_TIMEOUT)
	# The argocd Application has no resources-finalizer: deleting it leaves ArgoCD running for helm to remove.
	$(GITOPS_KUBECTL) -n $(ARGOCD_NS) delete application argocd --ignore-not-found
	tools/install.sh helm
	$(GITOPS_HELM) uninstall argocd --namespace $(ARGOCD_NS) --ignore-not-found --wait || true
	$(GITOPS_KUBECTL) delete namespace $(ARGOCD_NS) --ignore-not-found --wait --timeout=$(GITOPS_TEARDOWN_TIMEOUT)
