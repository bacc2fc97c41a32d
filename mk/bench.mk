##@ Benchmarks

# Recursive variables (=) on purpose: this file is included before mk/java.mk, which defines JDK25 and MVN;
# they are expanded when a recipe runs, after every mk/*.mk has been read.
BENCH_JAR = bench/target/bench-0.1.0-SNAPSHOT.jar
BENCH_RUN = "$(JDK25)/bin/java" -Drepo.root=$(CURDIR) -Djava.io.tmpdir=$(CURDIR)/bench/target/tmp \
	-Djava.awt.headless=true --sun-misc-unsafe-memory-access=allow -jar $(BENCH_JAR)

.PHONY: bench-build
bench-build: java-check
	@echo ">> building the services and the benchmark harness (no tests)"
	@$(MVN) -q -pl bench -am package -DskipTests -Dspotless.check.skip=true
	@tools/install.sh mailpit
	@mkdir -p bench/target/tmp

.PHONY: bench
bench: bench-build ## Benchmark at constant arrival rates: throughput at p99 ≤ 50 ms, lag, CPU, memory, AOT start-up, tuning (~15 min); appends to docs/benchmarks.md
	@$(BENCH_RUN) bench

.PHONY: bench-smoke
bench-smoke: bench-build ## A few seconds of each benchmark scenario at 10 req/s: the harness works (never judges timings)
	@$(BENCH_RUN) smoke

.PHONY: chaos
# The chaos run's network faults go through Toxiproxy (tools/versions.env), installed here rather than by `make tools`.
chaos: bench-build ## Steady order load through network faults (Toxiproxy: SQS, Redis, user-service, PostgreSQL, SMTP) and kills of the consumer, mid-send too; every order must reach the inbox
	@tools/install.sh toxiproxy
	@PATH="$$(tools/install.sh --path toxiproxy):$$PATH" $(BENCH_RUN) chaos

.PHONY: profile
# async-profiler (tools/versions.env) is loaded into the running services, so only this target installs it.
profile: bench-build ## Flame graphs (CPU, wall, alloc, lock) and NMT of each service under create-order load at PROFILE_RATES (default 100,300 req/s) into docs/profiles/<time>/
	@tools/install.sh async-profiler
	@ASYNC_PROFILER_BIN="$$(tools/install.sh --path async-profiler)" $(BENCH_RUN) profile

.PHONY: bench-peer
# The peer is built from its release source into a cache outside the clone (bench/peer/build-peer.sh; PEER_SRC=<dir> where
# the release tarball cannot be downloaded), never committed.
bench-peer: bench-build ## Our POST /orders next to the AWS retail-store-sample-app orders service 1.6.2, one after the other at PEER_RATES (default 100,200,400,800 req/s): latency, errors, CPU per 1,000 orders; a table in bench/target/peer-results/
	@jar="$$(bench/peer/build-peer.sh)"; PEER_JAR="$$jar" $(BENCH_RUN) peer

TEST_TARGETS += bench-smoke

.PHONY: bench-vegeta
# vegeta (tools/versions.env) is the third-party cross-check of the harness's generator, installed only here.
bench-vegeta: ## Against a running `make run`: create-order driven by vegeta at VEGETA_RATES (default 100,200,400) with CPU per 1,000 orders
	@tools/install.sh vegeta
	@PATH="$$(tools/install.sh --path vegeta):$$PATH" bench/vegeta.sh
