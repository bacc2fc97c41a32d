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
gitops-check: gitops-render gitops-values gitops-validate gitops-policy gitops-handoff-check ## Render every overlay/platform folder, validate strictly, run the Kyverno policies

.PHONY: gitops-render
gitops-render: ## Render every overlay and platform folder with kubectl kustomize into build/gitops/rendered
	@command -v kubectl > /dev/null || { echo "error: kubectl is required (kubectl kustomize)"; exit 1; }
	@echo ">> kubectl kustomize ($$(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: //p'))"
	@gitops/hack/render.sh $(GITOPS_OUT)/rendered
	@python3 gitops/hack/check_rendered.py $(GITOPS_OUT)/rendered gitops/hack/crd-sources.txt

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

.PHONY: gitops-handoff-check
gitops-handoff-check: ## The committed handoff.env is exactly what gitops-handoff generates from the same values
	@mkdir -p $(GITOPS_OUT)
	@python3 -c 'import json,sys; print(json.dumps(dict(l.rstrip("\n").split("=",1) for l in open(sys.argv[1]) if l.strip() and not l.startswith("#"))))' \
	  gitops/environments/dev/handoff.env > $(GITOPS_OUT)/handoff.json
	@gitops/hack/handoff.sh $(GITOPS_OUT)/handoff.json $(GITOPS_OUT)/handoff.env 2> /dev/null
	@diff -u gitops/environments/dev/handoff.env $(GITOPS_OUT)/handoff.env \
	  && echo "handoff: gitops/environments/dev/handoff.env is in the generated format"

.PHONY: gitops-handoff
gitops-handoff: ## Write gitops/environments/dev/handoff.env from `tofu output -json gitops_handoff` (then commit it)
	gitops/hack/handoff.sh
	@git --no-pager diff --stat -- gitops/environments/dev/handoff.env

.PHONY: gitops-bootstrap
gitops-bootstrap: ## Install ArgoCD (pinned chart) on the current kube context and apply the root app-of-apps
	tools/install.sh helm
	kubectl config current-context
	$$(tools/install.sh --path helm)/helm upgrade --install argocd argo-cd \
	  --repo https://argoproj.github.io/argo-helm --version $(ARGOCD_CHART_VERSION) \
	  --namespace $(ARGOCD_NS) --create-namespace \
	  --values gitops/platform/argocd/values.yaml --wait --timeout 10m
	kubectl kustomize gitops/platform/argocd | kubectl apply --server-side -f -
	@echo "ArgoCD now syncs the root app-of-apps from git. Watch: kubectl -n $(ARGOCD_NS) get applications -w"

# Order matters: routes and the Gateway go first, while Envoy Gateway, external-dns and the cloud controller still
# run to remove the NLB and the DNS records; then Karpenter's nodes; then everything else; then ArgoCD itself.
# A step that times out stops the teardown: better than destroying the VPC under a load balancer.
GITOPS_TEARDOWN_TIMEOUT ?= 15m
.PHONY: gitops-teardown
gitops-teardown: ## Delete every ArgoCD Application (load balancers and Karpenter nodes first), then ArgoCD
	@if ! kubectl get namespace $(ARGOCD_NS) > /dev/null 2>&1; then echo "no ArgoCD on this cluster: nothing to do"; exit 0; fi
	tools/install.sh helm
	# 1. Stop the app-of-apps from re-creating what we delete (no finalizer: children stay for now).
	kubectl -n $(ARGOCD_NS) delete application root --ignore-not-found --wait
	# 2. The services and the public entry point: their finalizers delete HTTPRoutes, the Gateway and the NLB.
	kubectl -n $(ARGOCD_NS) delete application order-service user-service notification-service gateway \
	  --ignore-not-found --wait --timeout=$(GITOPS_TEARDOWN_TIMEOUT)
	# 3. Wait until no Service of type LoadBalancer is left (its NLB would block the VPC's deletion).
	timeout $(GITOPS_TEARDOWN_TIMEOUT) bash -c 'while kubectl get svc -A -o jsonpath="{.items[?(@.spec.type==\"LoadBalancer\")].metadata.name}" | grep -q .; do echo "waiting for load balancers to go"; sleep 10; done'
	# 4. Give external-dns one sync interval to delete the routes' DNS records.
	sleep 90
	# 5. Karpenter's nodes: deleting the NodePool drains and terminates the EC2 instances it launched.
	kubectl -n $(ARGOCD_NS) delete application karpenter-config --ignore-not-found --wait --timeout=$(GITOPS_TEARDOWN_TIMEOUT)
	kubectl wait --for=delete nodeclaims.karpenter.sh --all --timeout=$(GITOPS_TEARDOWN_TIMEOUT) 2> /dev/null || true
	# 6. Every other Application except ArgoCD's own and Kyverno's (its admission webhook must outlive the rest),
	#    then Kyverno and the webhooks it registered, then ArgoCD.
	kubectl -n $(ARGOCD_NS) get applications -o name | grep -vE '/(argocd|kyverno|kyverno-policies)$$' \
	  | xargs -r kubectl -n $(ARGOCD_NS) delete --wait --timeout=$(GITOPS_TEARDOWN_TIMEOUT)
	kubectl -n $(ARGOCD_NS) delete application kyverno-policies kyverno --ignore-not-found --wait --timeout=$(GITOPS_TEARDOWN_TIMEOUT)
	kubectl delete validatingwebhookconfigurations,mutatingwebhookconfigurations -l webhook.kyverno.io/managed-by=kyverno --ignore-not-found
	# The argocd Application has no resources-finalizer: deleting it leaves ArgoCD running for helm to remove.
	kubectl -n $(ARGOCD_NS) delete application argocd --ignore-not-found
	$$(tools/install.sh --path helm)/helm uninstall argocd --namespace $(ARGOCD_NS) --ignore-not-found --wait || true
	kubectl delete namespace $(ARGOCD_NS) --ignore-not-found --wait --timeout=$(GITOPS_TEARDOWN_TIMEOUT)
