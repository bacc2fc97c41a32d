##@ Java services (placeholder until the reactor lands)
