package io.kubeflowops.bench.profile;

import io.kubeflowops.bench.Api;
import io.kubeflowops.bench.Output;
import io.kubeflowops.bench.Platform;
import io.kubeflowops.bench.Results;
import io.kubeflowops.bench.Tuning;
import io.kubeflowops.bench.capacity.StepRunner;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * {@code make profile}: where the time of the create-order path goes. The three services run with
 * their usual flags plus Native Memory Tracking; for each rate, after a warm-up at that rate,
 * async-profiler records every service JVM during one measured create-order period (the load, then
 * the drain of its notifications, so the consumer's work is in the recording too). Writes CPU,
 * wall-clock, allocation and lock flame graphs and an NMT summary per service and rate, and an
 * index.md with the load figures, under {@code docs/profiles/<time>/}.
 *
 * <p>Settings (environment): PROFILE_RATES (comma-separated req/s, default 100,300),
 * PROFILE_WARMUP_SECONDS (30), PROFILE_SECONDS (30), ASYNC_PROFILER_BIN (set by make).
 */
public final class ProfileRun {
  /**
   * Added to the baseline flags. NMT for the summary; dynamic agent loading declared, as JDK 21+
   * asks of an agent loaded into a running JVM; DebugNonSafepoints so that, with the agent attached
   * after start, inlined frames are still attributed to their own methods (async-profiler's advice
   * for attaching at run time).
   */
  static final List<String> PROFILE_JVM =
      List.of(
          "-XX:NativeMemoryTracking=summary",
          "-XX:+EnableDynamicAgentLoading",
          "-XX:+UnlockDiagnosticVMOptions",
          "-XX:+DebugNonSafepoints");

  private static final int USER_POOL = 100;

  record Options(List<Double> rates, Duration warmup, Duration period, Path profilerBin) {
    static Options fromEnvironment() {
      String bin = Output.env("ASYNC_PROFILER_BIN", "");
      if (bin.isEmpty()) {
        throw new IllegalStateException(
            "ASYNC_PROFILER_BIN is not set (make profile sets it: tools/install.sh --path"
                + " async-profiler)");
      }
      return new Options(
          Output.rates("PROFILE_RATES", "100,300"),
          Output.seconds("PROFILE_WARMUP_SECONDS", 30),
          Output.seconds("PROFILE_SECONDS", 30),
          Path.of(bin));
    }
  }

  /** One profiled period: the load it carried and, per service, its files and memory. */
  record Period(
      double rate,
      Results.Step load,
      Map<String, String> cpuEvents,
      Map<String, List<Path>> files,
      Map<String, Memory> memory) {}

  private final Platform platform;
  private final Options options;
  private final AsyncProfiler profiler;
  private final Path outDir;
  private final Path jfrDir;
  private final Consumer<String> log;

  private ProfileRun(Platform platform, Options options, Path outDir, Consumer<String> log) {
    this.platform = platform;
    this.options = options;
    this.profiler = new AsyncProfiler(options.profilerBin());
    this.outDir = outDir;
    this.jfrDir = platform.workDir.resolve("profiles");
    this.log = log;
  }

  public static int run(
      Path root, Platform platform, Results.Machine machine, Instant started, PrintStream out)
      throws Exception {
    Consumer<String> log = line -> out.println("   " + line);
    Options options = Options.fromEnvironment();
    Path outDir = root.resolve("docs/profiles").resolve(Output.stamp(started));
    ProfileRun run = new ProfileRun(platform, options, outDir, log);
    Tuning tuning = Tuning.baseline().withJvm(PROFILE_JVM);
    List<Period> periods = run.periods(tuning);
    Path index = outDir.resolve("index.md");
    Files.writeString(
        index, ProfileIndex.markdown(started, machine, options, tuning.jvm(), periods, outDir));
    out.println(">> profiles of create-order:");
    for (Period p : periods) {
      Results.Step s = p.load();
      out.printf(
          "   %5.0f rps offered: %.1f achieved, p50 %.1f ms, p99 %.1f ms, %d errors%s%n",
          p.rate(),
          s.achievedRps(),
          s.p50Ms(),
          s.p99Ms(),
          s.errors(),
          s.errors() == 0 ? "" : " " + s.errorKinds());
    }
    out.println(">> flame graphs and NMT summaries in " + root.relativize(outDir));
    out.println(">> index " + root.relativize(index) + "; recordings (.jfr) in " + run.jfrDir);
    return 0;
  }

  private List<Period> periods(Tuning tuning) throws Exception {
    platform.startServices(tuning);
    String runId = UUID.randomUUID().toString().substring(0, 8);
    List<String> users = Api.createUsers(platform.url(Platform.USERS), runId, USER_POOL);
    Files.createDirectories(outDir);
    Files.createDirectories(jfrDir);
    List<Period> periods = new ArrayList<>();
    for (double rate : options.rates()) {
      periods.add(period(rate, users));
    }
    return periods;
  }

  private Period period(double rate, List<String> users) throws Exception {
    StepRunner steps = new StepRunner(platform, options.period(), options.warmup(), rate, log);
    // The warm-up's notifications are drained before recording starts: its backlog would
    // otherwise be consumer work in the profiled period that its load figures do not count.
    steps.warmUpOrders("create-order", users);

    String rps = String.format("%.0frps", rate);
    Map<String, Long> pids = new LinkedHashMap<>();
    Map<String, String> cpuEvents = new LinkedHashMap<>();
    Results.Step load;
    log.accept("create-order at " + rps + ": recording " + String.join(", ", Platform.SERVICES));
    try {
      for (String service : Platform.SERVICES) {
        long pid = platform.service(service).pid();
        cpuEvents.put(service, profiler.start(pid, jfr(service, rps)));
        pids.put(service, pid);
      }
      load = steps.orderStep("create-order", users, rate);
    } finally {
      for (long pid : pids.values()) {
        profiler.stop(pid);
      }
    }

    Map<String, List<Path>> files = new LinkedHashMap<>();
    Map<String, Memory> memory = new LinkedHashMap<>();
    for (var e : pids.entrySet()) {
      String service = e.getKey();
      String prefix = service + "-" + rps;
      List<Path> made =
          new ArrayList<>(
              profiler.flameGraphs(
                  jfr(service, rps),
                  outDir,
                  prefix,
                  service + ", create-order at " + String.format("%.0f", rate) + " req/s"));
      Memory m = Memory.of(profiler, e.getValue());
      Path nmt = outDir.resolve(prefix + "-nmt.txt");
      Files.writeString(nmt, m.report());
      made.add(nmt);
      files.put(service, made);
      memory.put(service, m);
      log.accept(
          String.format(
              "%-21s cpu event %s, RSS %.1f MiB (high-water %.1f), %d files",
              service, cpuEvents.get(service), m.rssMib(), m.hwmMib(), made.size()));
    }
    return new Period(rate, load, cpuEvents, files, memory);
  }

  private Path jfr(String service, String rps) {
    return jfrDir.resolve(service + "-" + rps + ".jfr");
  }
}
