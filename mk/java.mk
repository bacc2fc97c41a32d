##@ Local run (no Docker)

# The build needs JDK 25; the machine default may be older. tools/java-home.sh finds one or explains what to install.
JDK25 = $(shell tools/java-home.sh)
MVN = JAVA_HOME="$(JDK25)" ./mvnw
RUN_JVM_OPTS = -Drepo.root=$(CURDIR) -Djava.io.tmpdir=$(CURDIR)/.run/tmp --sun-misc-unsafe-memory-access=allow
DEVSTACK_CP = devstack/target/devstack-0.1.0-SNAPSHOT.jar:devstack/target/lib/*
PROGRESS = grep -E --line-buffered '^\[INFO\] (Building |BUILD|Tests run:.*Fail)|ERROR|FAIL' || true

.PHONY: java-check
java-check:
	@tools/java-home.sh >/dev/null

.PHONY: build
build: java-check ## Build the three services and the local launcher (no tests; the first run downloads dependencies)
	@echo ">> building with $(JDK25) (first run downloads dependencies: a few minutes)"
	@$(MVN) package -DskipTests -Dspotless.check.skip=true | $(PROGRESS)
	@test -f devstack/target/devstack-0.1.0-SNAPSHOT.jar

# TRACES=on: a local Jaeger (tools/versions.env; installed only then, not by `make tools`) receives every trace; its UI
# URL is printed. Off by default.
TRACES ?= off

.PHONY: run
run: build ## Run the whole system locally: real PostgreSQL, Redis, ElasticMQ, an OIDC issuer, a mail inbox (Mailpit) and the three services (Ctrl-C stops; TRACES=on for a Jaeger UI)
	@tools/install.sh mailpit
	@$(if $(filter on,$(TRACES)),tools/install.sh jaeger,true)
	@mkdir -p .run/tmp
	@PATH="$$(tools/install.sh --path jaeger):$$PATH" TRACES=$(TRACES) "$(JDK25)/bin/java" $(RUN_JVM_OPTS) -cp "$(DEVSTACK_CP)" io.kubeflowops.devstack.DevStack run

.PHONY: infra
infra: build ## Run only PostgreSQL, Redis, ElasticMQ, the OIDC issuer and Mailpit (to run a service from an IDE or quarkus:dev)
	@tools/install.sh mailpit
	@mkdir -p .run/tmp
	@"$(JDK25)/bin/java" $(RUN_JVM_OPTS) -cp "$(DEVSTACK_CP)" io.kubeflowops.devstack.DevStack infra

.PHONY: demo
demo: java-check ## Against a running `make run`: 401 without a token, then as one user (TOKEN=... or a new one) register, order, see the notification
	@test -f devstack/target/devstack-0.1.0-SNAPSHOT.jar || { echo "run 'make run' first (in another terminal)"; exit 1; }
	@"$(JDK25)/bin/java" -cp "$(DEVSTACK_CP)" io.kubeflowops.devstack.Demo

# USER is also the login name in every shell's environment: only a USER given on the command line picks the user.
TOKEN_USER = $(if $(filter command line,$(origin USER)),$(USER),)
.PHONY: token
token: java-check ## Print a bearer token the local stack accepts, alone on stdout: TOKEN=$$(make -s token) [ROLE=admin] [USER=<uuid>]
	@test -f devstack/target/devstack-0.1.0-SNAPSHOT.jar || { echo "run 'make run' first (in another terminal)" >&2; exit 1; }
	@TOKEN_ROLE="$(ROLE)" TOKEN_USER="$(TOKEN_USER)" "$(JDK25)/bin/java" -cp "$(DEVSTACK_CP)" io.kubeflowops.devstack.Token

##@ Java

.PHONY: test-java
test-java: java-check ## Java unit, integration and end-to-end tests (real PostgreSQL, Redis, ElasticMQ, OIDC issuer, Mailpit, SES on moto), the OpenAPI contract fuzzer
	@tools/install.sh schemathesis mailpit moto
	@$(MVN) verify

.PHONY: fmt
fmt: java-check ## Format the Java sources (the build fails on unformatted code)
	@$(MVN) -q spotless:apply

# The end-to-end suite runs the OpenAPI contract fuzzer (e2e ContractFuzzIT) with the pinned schemathesis.
TOOLS += schemathesis
# Every local stack (make run, the integration and end-to-end tests, the benchmarks) has a Mailpit inbox; make puts
# the pinned build on PATH for every recipe (the Makefile's PATH line), and the targets that start one install it.
TOOLS += mailpit
# notification-service's SES sender is tested against moto's SES v2 API (devstack MotoServer finds moto_server on PATH).
TOOLS += moto
TEST_TARGETS += test-java

SERVICES := user-service order-service notification-service

.PHONY: aot-check
aot-check: java-check ## Train each service's JDK AOT cache as the image build does, then start it with -XX:AOTMode=on (fails if unusable)
	@apps/aot-check.sh "$(JDK25)" build/aot $(SERVICES)

TEST_TARGETS += aot-check
