##@ Rehearsal (the whole GitOps platform on a real control plane, offline: gitops/rehearsal, docs/rehearsal.md)

TEST_TARGETS += rehearsal-pins

REHEARSAL_OUT := build/rehearsal
# Seconds the rehearsal waits for every Application to be Synced and Healthy: at most REHEARSAL_TIMEOUT in all, and
# REHEARSAL_STALL without any change in what ArgoCD sees (a busy machine is slow, a stuck run stops changing).
REHEARSAL_TIMEOUT ?= 2700
REHEARSAL_STALL ?= 300
REHEARSAL = REHEARSAL_CLUSTER_VERSION=$(REHEARSAL_CLUSTER_VERSION) nice -n 5 python3 gitops/rehearsal/rehearse.py \
  --bin "$$(tools/install.sh --path rehearsal-cluster)" --timeout $(REHEARSAL_TIMEOUT) --stall $(REHEARSAL_STALL)

.PHONY: rehearsal
rehearsal: ## Sync the app-of-apps with real ArgoCD on a local control plane + kwok, check it, print the table, tear it down
	@tools/install.sh rehearsal-cluster python-hcl2
	$(REHEARSAL) --work $(REHEARSAL_OUT)

.PHONY: rehearsal-keep
rehearsal-keep: ## The rehearsal, but leave the cluster running after convergence (KUBECONFIG printed; Ctrl-C stops it)
	@tools/install.sh rehearsal-cluster python-hcl2
	$(REHEARSAL) --work $(REHEARSAL_OUT) --keep

# Each broken change of gitops/rehearsal/breakages.py must make the rehearsal fail and name the object.
REHEARSAL_BREAKAGES = $(shell python3 -c 'import sys; sys.path.insert(0, "gitops/rehearsal"); import breakages; print(" ".join(breakages.BREAKAGES))')
.PHONY: rehearsal-proofs
rehearsal-proofs: ## Rehearse each broken change of gitops/rehearsal/breakages.py: every one must fail, naming the object
	@tools/install.sh rehearsal-cluster python-hcl2
	@mkdir -p $(dir $(REHEARSAL_OUT))
	@for b in $(REHEARSAL_BREAKAGES); do \
	  expect=$$(python3 -c "import sys; sys.path.insert(0, 'gitops/rehearsal'); import breakages; print(breakages.EXPECT['$$b'])"); \
	  echo "=== broken change: $$b (the failure must name $$expect)"; \
	  if $(REHEARSAL) --work $(REHEARSAL_OUT)-$$b --break $$b > $(REHEARSAL_OUT)-$$b.log 2>&1; then \
	    echo "FAIL: the rehearsal passed with the broken change $$b"; exit 1; fi; \
	  sed -n '/^REHEARSAL FAILED/,$$p' $(REHEARSAL_OUT)-$$b.log | cut -c1-300; \
	  sed -n '/^REHEARSAL FAILED/,$$p' $(REHEARSAL_OUT)-$$b.log | grep -qF "$$expect" \
	    || { echo "FAIL: the rehearsal failed, but its report does not name $$expect (log: $(REHEARSAL_OUT)-$$b.log)"; exit 1; }; \
	done; echo "rehearsal proofs: every broken change failed and was named"

# One ArgoCD version in three places: the argo-cd chart ArgoCD upgrades itself with, the CRDs gitops-check validates
# against, and the ArgoCD the rehearsal builds and runs (the chart's appVersion cannot be read offline: versions.env
# states which chart carries which ArgoCD).
.PHONY: rehearsal-pins
rehearsal-pins: ## The argo-cd chart, its CRDs and the rehearsal's ArgoCD are the same release
	@argocd=$$(echo $(REHEARSAL_CLUSTER_VERSION) | cut -d- -f2); \
	grep -qE "^argocd +github.com/argoproj/argo-cd/v3@v$$argocd +.* argocd:argo-cd@$(ARGOCD_CHART_VERSION)$$" gitops/hack/crd-sources.txt \
	  || { echo "gitops/hack/crd-sources.txt must validate ArgoCD v$$argocd CRDs for the argo-cd chart $(ARGOCD_CHART_VERSION)"; exit 1; }; \
	grep -q "^argo-cd@$(ARGOCD_CHART_VERSION) " gitops/rehearsal/charts.txt \
	  || { echo "gitops/rehearsal/charts.txt has no line for the argo-cd chart $(ARGOCD_CHART_VERSION)"; exit 1; }; \
	grep -q "^ARGOCD_CHART_APP_VERSION=$(ARGOCD_CHART_VERSION)=v$$argocd$$" tools/versions.env \
	  || { echo "tools/versions.env: ARGOCD_CHART_APP_VERSION must read $(ARGOCD_CHART_VERSION)=v$$argocd (chart=its appVersion)"; exit 1; }; \
	echo "rehearsal pins: argo-cd chart $(ARGOCD_CHART_VERSION) = ArgoCD v$$argocd in the Application, the CRDs and the rehearsal"
