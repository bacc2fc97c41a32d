package io.kubeflowops.bench.capacity;

import io.kubeflowops.bench.Platform;
import io.kubeflowops.bench.Results;
import io.kubeflowops.bench.load.OpenLoop;
import io.kubeflowops.bench.load.Scenarios;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The capacity experiment: each scenario stepped up in rate until p99 passes the budget or errors
 * appear. create-user, then create-order (with lag and CPU per order), then get-order over the
 * orders just created.
 */
public final class CapacityRun {
  /** The rates to step through, and whether a failed step is repeated once before stopping. */
  public record Options(List<Double> rates, boolean retryFailedStep) {}

  private final Platform platform;
  private final StepRunner steps;
  private final Options options;
  private final Consumer<String> log;
  private final List<UUID> orders = new ArrayList<>();

  public CapacityRun(Platform platform, StepRunner steps, Options options, Consumer<String> log) {
    this.platform = platform;
    this.steps = steps;
    this.options = options;
    this.log = log;
  }

  public List<Results.Scenario> run(String runId, List<String> users) throws Exception {
    List<Results.Scenario> scenarios = new ArrayList<>();
    scenarios.add(
        stepUp(
            "create-user",
            ledger -> Scenarios.createUser(platform.url(Platform.USERS), runId),
            false));
    scenarios.add(
        stepUp(
            "create-order",
            ledger -> Scenarios.createOrder(platform.url(Platform.ORDERS), users, ledger),
            true));
    scenarios.add(
        stepUp(
            "get-order",
            ledger -> Scenarios.getOrder(platform.url(Platform.ORDERS), orders),
            false));
    return scenarios;
  }

  /** The orders the create-order scenario created (get-order reads them; AOT training uses one). */
  public List<UUID> orders() {
    return orders;
  }

  private interface TargetFor {
    OpenLoop.Target with(Queue<Scenarios.Accepted> ledger);
  }

  /**
   * Warm-up, then one step per rate until one fails twice in a row. For orders every step has a
   * ledger of its 201s (lag, CPU per order), and the warm-up's orders are drained first.
   */
  private Results.Scenario stepUp(String name, TargetFor target, boolean withLedger)
      throws Exception {
    Queue<Scenarios.Accepted> warm = Scenarios.newLedger();
    steps.warmUp(name, target.with(warm));
    if (withLedger) {
      steps.drain(warm.size(), 0, Duration.ofSeconds(60));
      warm.forEach(a -> orders.add(a.orderId()));
    }
    List<Results.Step> done = new ArrayList<>();
    for (double rate : options.rates()) {
      Results.Step s = measured(name, target, rate, withLedger);
      if (!s.passed() && options.retryFailedStep()) {
        log.accept(String.format("%-12s step failed; repeating it once", name));
        s = measured(name, target, rate, withLedger);
      }
      done.add(s);
      if (!s.passed()) {
        break;
      }
    }
    return scenario(name, done);
  }

  private Results.Step measured(String name, TargetFor target, double rate, boolean withLedger)
      throws Exception {
    Queue<Scenarios.Accepted> ledger = withLedger ? Scenarios.newLedger() : null;
    Results.Step s = steps.step(name, target.with(ledger), rate, ledger);
    if (ledger != null) {
      ledger.forEach(a -> orders.add(a.orderId()));
    }
    return s;
  }

  static Results.Scenario scenario(String name, List<Results.Step> steps) {
    double sustained =
        steps.stream()
            .filter(Results.Step::passed)
            .mapToDouble(Results.Step::achievedRps)
            .max()
            .orElse(0);
    Results.Step last = steps.getLast();
    String why =
        last.passed()
            ? "highest configured rate passed"
            : last.errors() > 0
                ? String.format(
                    "%d errors at %.0f rps %s", last.errors(), last.offeredRps(), last.errorKinds())
                : String.format("p99 %.1f ms at %.0f rps", last.p99Ms(), last.offeredRps());
    return new Results.Scenario(name, steps, sustained, why);
  }
}
