##@ CI helpers (called by .github/workflows; each installs the pinned tools it runs)

# Point the dev overlays at the images tagged TAG (a commit SHA), the commit ArgoCD then syncs. Skips a service
# whose overlay already runs a newer commit (a queued older run must not roll dev back); needs the git history.
# yq is not in TOOLS (make test does not need it), so it is called by its path in the cache.
YQ = "$$(tools/install.sh --path yq)/yq"
.PHONY: images-bump
images-bump: ## Set newTag=TAG in the three dev overlays (CI's deploy-dev job), skipping services already at a newer commit
	@test -n "$(TAG)" || { echo "usage: make images-bump TAG=<git sha>"; exit 1; }
	@tools/install.sh yq
	@git merge-base --is-ancestor "$(TAG)" HEAD || { echo "error: $(TAG) is not an ancestor of HEAD"; exit 1; }
	@for svc in order-service user-service notification-service; do \
	  file="gitops/apps/$$svc/overlays/dev/kustomization.yaml"; \
	  current=$$($(YQ) ".images[] | select(.name == \"kubeflow-ops/$$svc\") | .newTag" "$$file"); \
	  if [ -n "$$current" ] && [ "$$current" != "$(TAG)" ] && git merge-base --is-ancestor "$(TAG)" "$$current" 2>/dev/null; then \
	    echo "$$svc: dev already at $$current, newer than $(TAG)"; continue; \
	  fi; \
	  TAG="$(TAG)" $(YQ) -i "(.images[] | select(.name == \"kubeflow-ops/$$svc\") | .newTag) = strenv(TAG)" "$$file"; \
	  [ "$$($(YQ) ".images[] | select(.name == \"kubeflow-ops/$$svc\") | .newTag" "$$file")" = "$(TAG)" ] \
	    || { echo "error: $$file has no images entry named kubeflow-ops/$$svc"; exit 1; }; \
	  echo "$$svc: newTag $(TAG)"; \
	done
