package io.kubeflowops.bench;

import io.kubeflowops.bench.capacity.Chart;
import io.kubeflowops.bench.chaos.ChaosRun;
import io.kubeflowops.bench.peer.PeerRun;
import io.kubeflowops.bench.profile.ProfileRun;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code make bench}, {@code make bench-smoke}, {@code make chaos}, {@code make profile} and {@code
 * make bench-peer}: starts the system from the packaged jars on free ports and runs an experiment
 * on it.
 *
 * <ul>
 *   <li>{@code bench}: capacity (rate steps per scenario, lag, CPU, memory), start-up (AOT ready
 *       times) and tuning ({@link BenchSuite}); writes {@code bench/results/bench-<time>.json}, a
 *       chart under {@code docs/img/} and appends a section to {@code docs/benchmarks.md}.
 *   <li>{@code smoke}: one low rate per scenario for a few seconds; writes its result under {@code
 *       bench/target/} and fails only if the harness produced no numbers or saw errors.
 *   <li>{@code chaos}: steady order load while network faults hit each dependency in turn and the
 *       consumer is killed, then a reconciliation of every order ({@link ChaosRun}).
 *   <li>{@code profile}: async-profiler flame graphs and NMT summaries of the three services under
 *       create-order load at given rates, under {@code docs/profiles/} ({@link ProfileRun}).
 *   <li>{@code peer}: our create-order next to the retail-store-sample-app orders service at given
 *       rates, one after the other; a table under {@code bench/target/peer-results/} ({@link
 *       PeerRun}).
 * </ul>
 *
 * Settings (environment): BENCH_RATES (comma-separated req/s), BENCH_STEP_SECONDS,
 * BENCH_WARMUP_SECONDS, BENCH_WARMUP_RATE, BENCH_JIT_SETTLE_MAX_SECONDS (after the warm-up, how
 * long to wait at most for the services' JIT to settle; 300), BENCH_AOT_REPS, BENCH_TUNING_RATE
 * (default: the highest create-order rate that passed), BENCH_TUNING (true/false),
 * BENCH_TUNING_VARIANTS (comma-separated names; default all), CHAOS_RATE, CHAOS_DOWN_SECONDS;
 * PROFILE_RATES, PROFILE_WARMUP_SECONDS, PROFILE_SECONDS ({@link ProfileRun}); PEER_JAR, PEER_RATES
 * ({@link PeerRun}).
 */
public final class Bench {
  private static final PrintStream OUT = System.out;
  private static final Consumer<String> LOG = line -> OUT.println("   " + line);

  private Bench() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "bench";
    if (!List.of("bench", "smoke", "chaos", "profile", "peer").contains(mode)) {
      OUT.println("usage: bench [bench|smoke|chaos|profile|peer]");
      System.exit(2);
    }
    System.setProperty("java.awt.headless", "true");
    Path root = Path.of(System.getProperty("repo.root", ".")).toAbsolutePath().normalize();
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Path workDir = root.resolve("bench/target/run-" + mode + "-" + Output.stamp(started));
    Files.createDirectories(workDir);
    Results.Machine machine = Machine.describe();
    OUT.println(">> " + mode + ": " + Report.machine(machine, "-").trim());
    OUT.println(">> logs and data in " + root.relativize(workDir));

    int code;
    // Only chaos needs fault links: a proxy hop would be part of every benchmark number.
    try (Platform platform = new Platform(root, workDir, 30, mode.equals("chaos"), LOG)) {
      platform.startServers();
      code =
          switch (mode) {
            case "smoke" -> smoke(root, platform, machine, started);
            case "chaos" -> ChaosRun.run(root, platform, machine, started, OUT);
            case "profile" -> ProfileRun.run(root, platform, machine, started, OUT);
            case "peer" -> PeerRun.run(root, platform, machine, started, OUT);
            default -> bench(root, platform, machine, started);
          };
    }
    System.exit(code);
  }

  private static int bench(Path root, Platform platform, Results.Machine machine, Instant started)
      throws Exception {
    Results.Bench result =
        new BenchSuite(platform, BenchSuite.Options.fromEnvironment(), LOG)
            .run("bench", machine, started.toString());
    Output.publish(
        root,
        "bench",
        started,
        result,
        png ->
            Chart.render(
                result.scenarios(),
                "kubeflow-ops latency vs offered rate, " + Output.title(started),
                png),
        (chart, file) ->
            Report.bench(result, "Benchmark run " + Output.title(started), chart, file),
        OUT);
    return 0;
  }

  /** Seconds, not minutes: proves the harness works end to end. Never judges timings. */
  private static int smoke(Path root, Platform platform, Results.Machine machine, Instant started)
      throws Exception {
    Results.Bench result =
        new BenchSuite(platform, BenchSuite.Options.smoke(), LOG)
            .run("smoke", machine, started.toString());
    Path dir = root.resolve("bench/target/bench-results");
    Path json = dir.resolve("smoke-" + Output.stamp(started) + ".json");
    Output.writeJson(json, result);
    Chart.render(result.scenarios(), "smoke", dir.resolve("smoke.png"));
    List<String> problems = BenchSuite.smokeProblems(result);
    OUT.println(">> result file " + root.relativize(json));
    if (!problems.isEmpty()) {
      OUT.println(">> bench-smoke FAILED:");
      problems.forEach(p -> OUT.println("   " + p));
      return 1;
    }
    OUT.println(">> bench-smoke passed: every scenario produced numbers, no errors");
    return 0;
  }
}
