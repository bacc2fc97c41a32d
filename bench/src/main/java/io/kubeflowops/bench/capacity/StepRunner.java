package io.kubeflowops.bench.capacity;

import io.kubeflowops.bench.Api;
import io.kubeflowops.bench.Output;
import io.kubeflowops.bench.Platform;
import io.kubeflowops.bench.Proc;
import io.kubeflowops.bench.Results;
import io.kubeflowops.bench.Stats;
import io.kubeflowops.bench.load.OpenLoop;
import io.kubeflowops.bench.load.Scenarios;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * One step of load at a constant rate, measured: latency from the scheduled time, errors by kind,
 * and for orders the notification lag and the CPU each process spent per order. The capacity and
 * tuning experiments are made of steps.
 */
public final class StepRunner {
  private static final int MAX_IN_FLIGHT = 2_000;

  /**
   * A JVM's JIT counts as settled when its compiler threads used less than this share of one core
   * over a {@link #JIT_WINDOW}. While C2 still compiles hot code (30 % of each service's CPU
   * minutes into a load, in the profiles) a step measures the compiler, not the service.
   */
  static final double JIT_SETTLED_SHARE = 0.03;

  private static final Duration JIT_WINDOW = Duration.ofSeconds(10);

  private final Platform platform;
  private final Duration step;
  private final Duration warmup;
  private Duration jitMax = Output.seconds("BENCH_JIT_SETTLE_MAX_SECONDS", 300);
  private final double warmupRate;
  private final Consumer<String> log;
  private final HttpClient loadClient = OpenLoop.newClient();
  private final Map<String, Double> rssLoad = new LinkedHashMap<>();

  /** Whether the last warm-up ended with the JIT settled; null if it did not wait for it. */
  private Boolean jitSettled;

  public StepRunner(
      Platform platform, Duration step, Duration warmup, double warmupRate, Consumer<String> log) {
    this.platform = platform;
    this.step = step;
    this.warmup = warmup;
    this.warmupRate = warmupRate;
    this.log = log;
  }

  /** How long a warm-up waits at most for the JIT to settle; zero: not at all. */
  public StepRunner settleJitFor(Duration max) {
    this.jitMax = max;
    return this;
  }

  public Duration stepLength() {
    return step;
  }

  /** The most resident memory each process had, sampled once a second during the steps. */
  public Map<String, Double> rssUnderLoad() {
    return Stats.round1(rssLoad);
  }

  /**
   * Load at the warm-up rate for the warm-up time, then on in windows of 10 s until our three
   * services' JIT has settled ({@link #JIT_SETTLED_SHARE}), at most BENCH_JIT_SETTLE_MAX_SECONDS
   * more; nothing recorded.
   */
  public void warmUp(String name, OpenLoop.Target target) throws InterruptedException {
    Map<String, Long> jvms = new LinkedHashMap<>();
    Platform.SERVICES.forEach(s -> jvms.put(s, platform.service(s).pid()));
    warmUp(name, target, jvms);
  }

  /** As {@link #warmUp(String, OpenLoop.Target)}, waiting for the JIT of these JVMs. */
  public void warmUp(String name, OpenLoop.Target target, Map<String, Long> jvms)
      throws InterruptedException {
    if (warmup.isZero()) {
      return;
    }
    log.accept(
        String.format(
            "%-12s warm-up %d s at %.0f rps (not recorded)", name, warmup.toSeconds(), warmupRate));
    OpenLoop loop =
        new OpenLoop(
            loadClient,
            target,
            warmupRate,
            Scenarios.REQUEST_TIMEOUT,
            MAX_IN_FLIGHT,
            Long.MAX_VALUE);
    loop.start();
    try {
      Thread.sleep(warmup.toMillis());
      jitSettled = settleJit(name, jvms);
    } finally {
      loop.stop();
    }
  }

  /**
   * Waits, under the warm-up load, until every JVM's compilers are nearly idle; whether they got
   * there (null: not waited for).
   */
  private Boolean settleJit(String name, Map<String, Long> jvms) throws InterruptedException {
    if (jitMax.isZero()) {
      return null;
    }
    long deadline = System.nanoTime() + jitMax.toNanos();
    while (true) {
      Map<String, Map<Long, Double>> before = new LinkedHashMap<>();
      jvms.forEach((role, pid) -> before.put(role, Proc.compilerCpuSeconds(pid)));
      Thread.sleep(JIT_WINDOW.toMillis());
      Map<String, Double> share = new LinkedHashMap<>();
      jvms.forEach(
          (role, pid) -> {
            Map<Long, Double> was = before.get(role);
            double used = 0;
            for (var t : Proc.compilerCpuSeconds(pid).entrySet()) {
              used += t.getValue() - was.getOrDefault(t.getKey(), 0.0);
            }
            share.put(role, used / JIT_WINDOW.toSeconds());
          });
      double worst = share.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
      StringBuilder line = new StringBuilder(String.format("%-12s JIT", name));
      share.forEach((role, x) -> line.append(String.format("  %s %.1f %%", role, 100 * x)));
      if (worst < JIT_SETTLED_SHARE) {
        log.accept(line.append("  (settled)").toString());
        return true;
      }
      if (System.nanoTime() >= deadline) {
        log.accept(
            line.append(
                    String.format(
                        "  (not settled after %d s more; measuring anyway)", jitMax.toSeconds()))
                .toString());
        return false;
      }
      log.accept(line.toString());
    }
  }

  /** A create-order warm-up on our order-service, then its notifications drained. */
  public void warmUpOrders(String name, List<String> users) throws InterruptedException {
    double sentBefore = sent();
    Queue<Scenarios.Accepted> warm = Scenarios.newLedger();
    warmUp(name, Scenarios.createOrder(platform.url(Platform.ORDERS), users, warm));
    drain(warm.size(), sentBefore, Duration.ofSeconds(60));
  }

  /** One measured create-order step on our order-service, with lag and CPU per order. */
  public Results.Step orderStep(String name, List<String> users, double rate) throws Exception {
    Queue<Scenarios.Accepted> ledger = Scenarios.newLedger();
    return step(
        name, Scenarios.createOrder(platform.url(Platform.ORDERS), users, ledger), rate, ledger);
  }

  /**
   * One step at a constant rate. For orders ({@code ledger} given) it then waits until every
   * accepted order's notification is counted, and measures the lag and the CPU spent per order.
   */
  public Results.Step step(
      String name, OpenLoop.Target target, double rate, Queue<Scenarios.Accepted> ledger)
      throws Exception {
    boolean orders = ledger != null;
    Map<String, Double> cpuBefore = orders ? platform.cpuSeconds() : Map.of();
    double sentBefore = orders ? sent() : 0;

    long seconds = Math.max(1, step.toSeconds());
    OpenLoop loop =
        new OpenLoop(
            loadClient,
            target,
            rate,
            Scenarios.REQUEST_TIMEOUT,
            MAX_IN_FLIGHT,
            Math.round(rate * seconds));
    Histogram latency = new Histogram(3);
    long ok = 0;
    Map<String, Long> errors = new TreeMap<>();
    long start = System.nanoTime();
    loop.start();
    for (long i = 1; i <= seconds + 1; i++) {
      if (i <= seconds) {
        long wait = start + TimeUnit.SECONDS.toNanos(i) - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        platform.rssMib().forEach((role, mib) -> rssLoad.merge(role, mib, Math::max));
      } else {
        loop.stop(); // the last window: what completed after the last tick
      }
      OpenLoop.Window w = loop.tick();
      latency.add(w.latency());
      ok += w.ok();
      w.errors().forEach((k, v) -> errors.merge(k, v, Long::sum));
    }
    long errorCount = errors.values().stream().mapToLong(Long::longValue).sum();

    Results.Lag lag = null;
    Map<String, Double> cpuPer1000 = Map.of();
    if (orders) {
      drain(ledger.size(), sentBefore, Duration.ofSeconds(90));
      Map<String, Double> cpuAfter = platform.cpuSeconds();
      cpuPer1000 = new LinkedHashMap<>();
      for (var e : cpuAfter.entrySet()) {
        double used = e.getValue() - cpuBefore.getOrDefault(e.getKey(), e.getValue());
        cpuPer1000.put(
            e.getKey(), ledger.isEmpty() ? 0 : Stats.round2(used * 1000 / ledger.size()));
      }
      lag = Lag.of(platform, new ArrayList<>(ledger));
    }
    double p99 = Stats.ms(latency, 99);
    Results.Step s =
        new Results.Step(
            name,
            rate,
            Stats.round2(ok / (double) seconds),
            ok,
            errorCount,
            errors,
            Stats.ms(latency, 50),
            Stats.ms(latency, 95),
            p99,
            Stats.round2(latency.getMaxValue() / 1000.0),
            p99 <= Scenarios.P99_BUDGET_MS && errorCount == 0 && ok > 0,
            lag,
            cpuPer1000,
            jitSettled);
    log.accept(
        String.format(
            "%-12s %6.0f rps offered %7.1f achieved  p50 %7.1f  p95 %7.1f  p99 %7.1f ms  errors %d%s%s",
            name,
            rate,
            s.achievedRps(),
            s.p50Ms(),
            s.p95Ms(),
            s.p99Ms(),
            errorCount,
            errors.isEmpty() ? "" : " " + errors,
            lag == null
                ? ""
                : String.format("  lag p50 %.0f p99 %.0f ms", lag.p50Ms(), lag.p99Ms())));
    return s;
  }

  /**
   * Waits until the notifications of {@code accepted} orders are counted and the outbox is empty.
   */
  public void drain(int accepted, double sentBefore, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      double pending = Api.metric(platform.managementUrl(Platform.ORDERS), "outbox_pending");
      if (sent() - sentBefore >= accepted && pending == 0) {
        return;
      }
      Thread.sleep(200);
    }
    log.accept("  (notifications not all counted after " + timeout.toSeconds() + " s)");
  }

  private double sent() {
    return Api.metric(platform.managementUrl(Platform.NOTIFICATIONS), "notifications_sent_total");
  }
}
