package io.kubeflowops.bench.tuning;

import io.kubeflowops.bench.Output;
import io.kubeflowops.bench.Platform;
import io.kubeflowops.bench.Results;
import io.kubeflowops.bench.Tuning;
import io.kubeflowops.bench.capacity.StepRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The tuning experiment: the services restarted with one change at a time, each measured with one
 * create-order step at the same rate (warm-up first).
 */
public final class TuningRun {
  private final Platform platform;
  private final StepRunner steps;
  private final Consumer<String> log;

  public TuningRun(Platform platform, StepRunner steps, Consumer<String> log) {
    this.platform = platform;
    this.steps = steps;
    this.log = log;
  }

  static List<Tuning> variants() {
    List<String> baseline = Tuning.BASELINE_JVM;
    return List.of(
        Tuning.baseline(),
        new Tuning(
            "g1",
            "-XX:+UseG1GC instead of SerialGC",
            baseline.stream().map(f -> f.equals("-XX:+UseSerialGC") ? "-XX:+UseG1GC" : f).toList(),
            Map.of()),
        new Tuning("pool-4", "DB_POOL_MAX=4 (default 16)", baseline, Map.of("DB_POOL_MAX", "4")),
        new Tuning(
            "consumers-1",
            "SQS_CONSUMERS=1: one SQS poll loop (default 4)",
            baseline,
            Map.of("SQS_CONSUMERS", "1")),
        new Tuning(
            "linger-100ms",
            "OUTBOX_WAKE_UP_LINGER=100ms: the relay waits 100 ms after a commit (default 20 ms)",
            baseline,
            Map.of("OUTBOX_WAKE_UP_LINGER", "100ms")),
        new Tuning(
            "otel-sdk-off",
            "QUARKUS_OTEL_SDK_DISABLED=true: no OpenTelemetry SDK (traces are not sampled anyway)",
            baseline,
            Map.of("QUARKUS_OTEL_SDK_DISABLED", "true")),
        new Tuning(
            "linger+sdk-off",
            "both of the two above",
            baseline,
            Map.of("OUTBOX_WAKE_UP_LINGER", "100ms", "QUARKUS_OTEL_SDK_DISABLED", "true")));
  }

  /** The variants BENCH_TUNING_VARIANTS names (comma-separated; default: all), in their order. */
  static List<Tuning> selected() {
    List<String> names = List.of(Output.env("BENCH_TUNING_VARIANTS", "").split(","));
    List<Tuning> all = variants();
    if (names.equals(List.of(""))) {
      return all;
    }
    List<Tuning> chosen = all.stream().filter(t -> names.contains(t.name())).toList();
    if (chosen.size() != names.size()) {
      throw new IllegalArgumentException(
          "BENCH_TUNING_VARIANTS="
              + String.join(",", names)
              + ": the variants are "
              + all.stream().map(Tuning::name).toList());
    }
    return chosen;
  }

  public List<Results.TuningRun> run(double rate, List<String> users) throws Exception {
    List<Results.TuningRun> out = new ArrayList<>();
    for (Tuning t : selected()) {
      log.accept(
          String.format("tuning %-13s %s, create-order at %.0f rps", t.name(), t.what(), rate));
      platform.stopServices();
      platform.startServices(t);
      steps.warmUpOrders("create-order", users);
      Results.Step s = steps.orderStep("create-order", users, rate);
      out.add(new Results.TuningRun(t.name(), t.what(), t.jvm(), t.env(), s));
    }
    return out;
  }

  /** The highest create-order rate that passed (or the first rate tried). */
  public static double highestPassed(Results.Scenario orders) {
    return orders.steps().stream()
        .filter(Results.Step::passed)
        .mapToDouble(Results.Step::offeredRps)
        .max()
        .orElse(orders.steps().getFirst().offeredRps());
  }
}
