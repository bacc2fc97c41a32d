##@ Docker Compose (for machines with Docker; `make run` needs none)

COMPOSE ?= docker compose
COMPOSE_FILE := docker-compose.yml

.PHONY: local-up
local-up: lint-compose ## Build the images and start the platform with Docker Compose in the background (waits until healthy)
	@command -v docker > /dev/null || { echo "error: local-up needs Docker with the compose plugin; without Docker use make run"; exit 1; }
	$(COMPOSE) -f $(COMPOSE_FILE) up --build --detach --wait
	@echo ">> up, Swagger UI: order-service http://127.0.0.1:9001/docs  user-service http://127.0.0.1:9002/docs  notification-service http://127.0.0.1:9003/docs"
	@echo "   logs: $(COMPOSE) logs -f    stop: make local-down"

.PHONY: local-down
local-down: ## Stop the Docker Compose platform and remove its containers and network (VOLUMES=1 also drops the data)
	@command -v docker > /dev/null || { echo "error: local-down needs Docker with the compose plugin"; exit 1; }
	$(COMPOSE) -f $(COMPOSE_FILE) down --remove-orphans $(if $(filter 1,$(VOLUMES)),--volumes,)
