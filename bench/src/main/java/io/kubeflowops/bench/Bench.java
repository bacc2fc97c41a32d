package io.kubeflowops.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code make bench}, {@code make bench-smoke} and {@code make chaos}: starts the system from the
 * packaged jars on free ports and measures it.
 *
 * <ul>
 *   <li>{@code bench}: rate steps per scenario, lag, CPU, memory, AOT ready times, tuning; writes
 *       {@code bench/results/bench-<time>.json}, a chart under {@code docs/img/} and appends a
 *       section to {@code docs/benchmarks.md}.
 *   <li>{@code smoke}: one low rate per scenario for a few seconds; writes its result under {@code
 *       bench/target/} and fails only if the harness produced no numbers or saw errors.
 *   <li>{@code chaos}: steady order load while each dependency is stopped and restarted in turn,
 *       then a reconciliation of every accepted order.
 * </ul>
 *
 * Settings (environment): BENCH_RATES (comma-separated req/s), BENCH_STEP_SECONDS,
 * BENCH_WARMUP_SECONDS, BENCH_WARMUP_RATE, BENCH_AOT_REPS, BENCH_TUNING_RATE (default: the highest
 * create-order rate that passed), BENCH_TUNING (true/false), CHAOS_RATE, CHAOS_DOWN_SECONDS.
 */
public final class Bench {
  private static final PrintStream OUT = System.out;
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TITLE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private Bench() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "bench";
    if (!List.of("bench", "smoke", "chaos").contains(mode)) {
      OUT.println("usage: bench [bench|smoke|chaos]");
      System.exit(2);
    }
    System.setProperty("java.awt.headless", "true");
    Path root = Path.of(System.getProperty("repo.root", ".")).toAbsolutePath().normalize();
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Path workDir = root.resolve("bench/target/run-" + mode + "-" + FILE_TIME.format(started));
    Files.createDirectories(workDir);
    Results.Machine machine = Machine.describe();
    OUT.println(">> " + mode + ": " + Report.machine(machine, "-").trim());
    OUT.println(">> logs and data in " + root.relativize(workDir));

    int code;
    // Only chaos restarts the SQS emulator, so only chaos needs it durable (see Platform).
    boolean durableQueues = mode.equals("chaos");
    try (Platform platform =
        new Platform(root, workDir, 30, durableQueues, line -> OUT.println("   " + line))) {
      platform.startServers();
      code =
          switch (mode) {
            case "smoke" -> smoke(root, platform, machine, started);
            case "chaos" -> Chaos.run(root, platform, machine, started, OUT);
            default -> bench(root, platform, machine, started);
          };
    }
    System.exit(code);
  }

  private static int bench(Path root, Platform platform, Results.Machine machine, Instant started)
      throws Exception {
    BenchRun.Options options =
        BenchRun.Options.full(
            BenchRun.parseRates(env("BENCH_RATES", "25,50,100,200,400,800,1600,3200")),
            Duration.ofSeconds(Long.parseLong(env("BENCH_STEP_SECONDS", "12"))),
            Duration.ofSeconds(Long.parseLong(env("BENCH_WARMUP_SECONDS", "30"))),
            Double.parseDouble(env("BENCH_WARMUP_RATE", "50")),
            Integer.parseInt(env("BENCH_AOT_REPS", "5")),
            Boolean.parseBoolean(env("BENCH_TUNING", "true")),
            Double.parseDouble(env("BENCH_TUNING_RATE", "0")));
    Results.Bench result =
        new BenchRun(platform, options, line -> OUT.println("   " + line))
            .run("bench", machine, started.toString());
    String stamp = FILE_TIME.format(started);
    Path json = root.resolve("bench/results/bench-" + stamp + ".json");
    writeJson(json, result);
    Path png = root.resolve("docs/img/bench-" + stamp + ".png");
    Chart.render(
        result.scenarios(),
        "kubeflow-ops latency vs offered rate, " + TITLE_TIME.format(started),
        png);
    append(
        root.resolve("docs/benchmarks.md"),
        Report.bench(
            result,
            "Benchmark run " + TITLE_TIME.format(started),
            "img/" + png.getFileName(),
            root.relativize(json).toString()));
    OUT.println(">> results: " + root.relativize(json) + ", chart " + root.relativize(png));
    OUT.println(">> appended a section to docs/benchmarks.md");
    return 0;
  }

  /** Seconds, not minutes: proves the harness works end to end. Never judges timings. */
  private static int smoke(Path root, Platform platform, Results.Machine machine, Instant started)
      throws Exception {
    Results.Bench result =
        new BenchRun(platform, BenchRun.Options.smoke(), line -> OUT.println("   " + line))
            .run("smoke", machine, started.toString());
    Path json =
        root.resolve("bench/target/bench-results/smoke-" + FILE_TIME.format(started) + ".json");
    writeJson(json, result);
    Chart.render(result.scenarios(), "smoke", root.resolve("bench/target/bench-results/smoke.png"));
    List<String> problems = new ArrayList<>();
    for (Results.Scenario s : result.scenarios()) {
      for (Results.Step st : s.steps()) {
        if (st.ok() == 0) {
          problems.add(s.name() + ": no successful request");
        }
        if (st.errors() > 0) {
          problems.add(s.name() + ": " + st.errors() + " errors " + st.errorKinds());
        }
        if (st.lag() != null
            && (st.lag().sampled() == 0 || st.lag().missing() > 0 || st.lag().duplicates() > 0)) {
          problems.add(s.name() + ": notifications " + st.lag());
        }
        if (st.lag() != null && st.cpuSecondsPer1000Orders().isEmpty()) {
          problems.add(s.name() + ": no CPU figures");
        }
      }
    }
    for (String role : List.of(Platform.USERS, Platform.ORDERS, Platform.NOTIFICATIONS)) {
      if (result.rssIdleMib().getOrDefault(role, 0.0) <= 0) {
        problems.add(role + ": no RSS reading");
      }
    }
    OUT.println(">> result file " + root.relativize(json));
    if (!problems.isEmpty()) {
      OUT.println(">> bench-smoke FAILED:");
      problems.forEach(p -> OUT.println("   " + p));
      return 1;
    }
    OUT.println(">> bench-smoke passed: every scenario produced numbers, no errors");
    return 0;
  }

  static void writeJson(Path file, Object value) throws IOException {
    Files.createDirectories(file.getParent());
    Api.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), value);
  }

  static void append(Path markdown, String section) throws IOException {
    Files.writeString(markdown, section, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  static DateTimeFormatter titleTime() {
    return TITLE_TIME;
  }

  static DateTimeFormatter fileTime() {
    return FILE_TIME;
  }
}
