package io.kubeflowops.bench;

import io.kubeflowops.bench.capacity.CapacityRun;
import io.kubeflowops.bench.capacity.StepRunner;
import io.kubeflowops.bench.startup.AotRun;
import io.kubeflowops.bench.tuning.TuningRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * {@code make bench} and {@code make bench-smoke}: the capacity, start-up and tuning experiments in
 * turn on one platform, as one result.
 */
final class BenchSuite {
  /** What a run does; {@link #smoke()} is the seconds-long variant {@code make test} runs. */
  record Options(
      List<Double> rates,
      Duration step,
      Duration warmup,
      double warmupRate,
      int aotRepetitions,
      boolean tuning,
      double tuningRate,
      int userPool,
      boolean retryFailedStep) {
    static Options fromEnvironment() {
      return new Options(
          Output.rates("BENCH_RATES", "25,50,100,200,400,800,1600,3200"),
          Output.seconds("BENCH_STEP_SECONDS", 12),
          Output.seconds("BENCH_WARMUP_SECONDS", 30),
          Double.parseDouble(Output.env("BENCH_WARMUP_RATE", "50")),
          Integer.parseInt(Output.env("BENCH_AOT_REPS", "5")),
          Boolean.parseBoolean(Output.env("BENCH_TUNING", "true")),
          Double.parseDouble(Output.env("BENCH_TUNING_RATE", "0")),
          100,
          true);
    }

    /**
     * 3 s at 10 req/s per scenario, after 5 s at 5 req/s (not recorded): a service's very first
     * requests, on a cold JVM of a busy machine, can miss the 5 s timeout, and that says nothing
     * about whether the harness works.
     */
    static Options smoke() {
      return new Options(
          List.of(10.0), Duration.ofSeconds(3), Duration.ofSeconds(5), 5, 0, false, 0, 10, false);
    }
  }

  private final Platform platform;
  private final Options options;
  private final Consumer<String> log;
  private final String runId = UUID.randomUUID().toString().substring(0, 8);

  BenchSuite(Platform platform, Options options, Consumer<String> log) {
    this.platform = platform;
    this.options = options;
    this.log = log;
  }

  Results.Bench run(String mode, Results.Machine machine, String startedAt) throws Exception {
    Tuning baseline = Tuning.baseline();
    platform.startServices(baseline);
    Map<String, Long> ready = new LinkedHashMap<>();
    platform.readyTimes().forEach((k, v) -> ready.put(k, v.toMillis()));
    log.accept("services ready (ms): " + ready);
    List<String> users = Api.createUsers(platform.url(Platform.USERS), runId, options.userPool());
    Thread.sleep(2_000);
    Map<String, Double> rssIdle = Stats.round1(platform.rssMib());
    log.accept("rss at idle (MiB): " + rssIdle);

    StepRunner steps =
        new StepRunner(platform, options.step(), options.warmup(), options.warmupRate(), log);
    if (mode.equals("smoke")) {
      steps.settleJitFor(Duration.ZERO); // seconds long: the harness works, timings are not judged
    }
    CapacityRun capacity =
        new CapacityRun(
            platform,
            steps,
            new CapacityRun.Options(options.rates(), options.retryFailedStep()),
            log);
    List<Results.Scenario> scenarios = capacity.run(runId, users);

    List<Results.Aot> aot = new ArrayList<>();
    if (options.aotRepetitions() > 0) {
      aot =
          new AotRun(
                  platform,
                  options.aotRepetitions(),
                  users.getFirst(),
                  capacity.orders().getFirst(),
                  log)
              .run(baseline);
    }
    List<Results.TuningRun> tuning = new ArrayList<>();
    if (options.tuning()) {
      double rate =
          options.tuningRate() > 0
              ? options.tuningRate()
              : TuningRun.highestPassed(scenarios.get(1));
      tuning = new TuningRun(platform, steps, log).run(rate, users);
    }
    return new Results.Bench(
        startedAt,
        mode,
        machine,
        Machine.loadAverage(),
        options.step().toMillis() / 1000.0,
        baseline.jvm(),
        ready,
        rssIdle,
        steps.rssUnderLoad(),
        scenarios,
        aot,
        tuning);
  }

  /** What makes a smoke run fail: a scenario without numbers, an error, a missing reading. */
  static List<String> smokeProblems(Results.Bench result) {
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
    for (String role : Platform.SERVICES) {
      if (result.rssIdleMib().getOrDefault(role, 0.0) <= 0) {
        problems.add(role + ": no RSS reading");
      }
    }
    return problems;
  }
}
