package io.kubeflowops.bench.chaos;

import io.kubeflowops.bench.Api;
import io.kubeflowops.bench.Machine;
import io.kubeflowops.bench.Output;
import io.kubeflowops.bench.Platform;
import io.kubeflowops.bench.Results;
import io.kubeflowops.bench.Tuning;
import io.kubeflowops.bench.load.OpenLoop;
import io.kubeflowops.bench.load.Scenarios;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * {@code make chaos}: a steady stream of orders while each fault of {@link #faults} hits in turn,
 * then the checks of {@link Reconciliation#CHECKS} reconcile every order. The services reach
 * PostgreSQL, Redis, SQS, the mail server and user-service through Toxiproxy ({@link
 * Platform#link}), so the faults are network faults, except the deliberate crashes of the consumer.
 */
public final class ChaosRun {
  private static final double RECOVERY_LIMIT_S = 60;
  private static final Duration BASELINE = Duration.ofSeconds(15);

  public record FaultResult(
      String fault,
      String action,
      double downAtS,
      double upAtS,
      long accepted,
      long errors,
      Map<String, Long> errorKinds,
      Double p99RecoveredAfterS,
      Double notificationsCaughtUpAfterS,
      String observed) {}

  public record Result(
      String startedAt,
      Results.Machine machine,
      String loadAverageAtEnd,
      double rate,
      double downSeconds,
      List<FaultResult> faults,
      Verdict verdict,
      List<SteadyLoad.Second> timeline) {
    public boolean passed() {
      return verdict.passed();
    }
  }

  /** The faults of the run, in order. */
  static List<Fault> faults(Platform p, Queues queues, Counters counters) {
    return List.of(
        NetworkFaults.outage("sqs", p.link("sqs")),
        NetworkFaults.reset("redis", p.link("redis")),
        Fault.together(
            NetworkFaults.latency(Platform.USERS, p.link(Platform.USERS), 1_500, 200),
            NetworkFaults.slowClose(Platform.USERS, p.link(Platform.USERS), 2_000)),
        NetworkFaults.outage("postgresql", p.link("postgres")),
        NetworkFaults.outage("smtp", p.link("smtp")),
        new ConsumerKill(p, queues, counters),
        new MidSendKill(p, p.link("smtp"), queues, 1),
        new MidSendKill(p, p.link("smtp"), queues, 2),
        new MidSendKill(p, p.link("smtp"), queues, 3));
  }

  private final Platform platform;
  private final PrintStream out;
  private final double rate;
  private final Duration down;
  private final Queues queues;
  private final Counters counters;
  private SteadyLoad load;

  private ChaosRun(Platform platform, PrintStream out, double rate, Duration down) {
    this.platform = platform;
    this.out = out;
    this.rate = rate;
    this.down = down;
    this.queues = new Queues(platform);
    this.counters = new Counters(platform);
  }

  public static int run(
      Path root, Platform platform, Results.Machine machine, Instant started, PrintStream out)
      throws Exception {
    ChaosRun chaos =
        new ChaosRun(
            platform,
            out,
            Double.parseDouble(Output.env("CHAOS_RATE", "20")),
            Output.seconds("CHAOS_DOWN_SECONDS", 10));
    Result result = chaos.run(machine, started);
    Output.publish(
        root,
        "chaos",
        started,
        result,
        png -> ChaosChart.render(result, png),
        (chart, file) ->
            ChaosReport.markdown(result, "Chaos run " + Output.title(started), chart, file),
        out);
    out.println(result.passed() ? ">> chaos passed" : ">> chaos FAILED: see the reconciliation");
    return result.passed() ? 0 : 1;
  }

  private Result run(Results.Machine machine, Instant started) throws Exception {
    platform.startServices(Tuning.baseline());
    List<String> users = Api.createUsers(platform.url(Platform.USERS), "chaos", 50);
    Witness witness = new Witness(platform.url(Platform.NOTIFICATIONS));
    Queue<Scenarios.Accepted> ledger = Scenarios.newLedger();
    OpenLoop loop =
        new OpenLoop(
            OpenLoop.newClient(),
            Scenarios.createOrder(platform.url(Platform.ORDERS), users, ledger),
            rate,
            Scenarios.REQUEST_TIMEOUT,
            2_000,
            Long.MAX_VALUE);
    load = new SteadyLoad(loop, ledger, witness);
    load.start();
    witness.start();
    log(
        String.format(
            "steady load: create-order at %.0f req/s; %d s baseline", rate, BASELINE.toSeconds()));
    Thread.sleep(BASELINE.toMillis());

    List<FaultResult> faults = new ArrayList<>();
    for (Fault f : faults(platform, queues, counters)) {
      faults.add(apply(f));
    }
    log(
        "load stops; waiting for the outbox and the queue to drain (kill -9 redeliveries need the"
            + " 30 s visibility timeout)");
    load.stop();
    drain(witness);
    witness.stop();
    faults = faults.stream().map(f -> withCatchUp(f, witness)).toList();
    Evidence evidence =
        Evidence.collect(platform, load.accepted(), witness, counters, queues, faults);
    Verdict verdict = Reconciliation.judge(Reconciliation.CHECKS, evidence);
    verdict
        .rows()
        .forEach(
            r ->
                log(
                    String.format(
                        "%-8s %s: %d", r.failed() ? "FAILED" : "", r.label(), r.count())));
    return new Result(
        started.toString(),
        machine,
        Machine.loadAverage(),
        rate,
        down.toSeconds(),
        faults,
        verdict,
        load.seconds());
  }

  /** Inject, hold, heal; then wait for the load to recover and 10 s more before the next fault. */
  private FaultResult apply(Fault f) throws Exception {
    double downAt = load.now();
    f.inject();
    log(String.format("%-20s %s", f.target(), f.action()));
    Thread.sleep(f.hold(down).toMillis());
    f.heal();
    double upAt = load.now();
    log(String.format("%-20s healed at %.0f s %s", f.target(), upAt, f.observed()));
    SteadyLoad.Window w = load.recovery(downAt, upAt, RECOVERY_LIMIT_S);
    log(
        String.format(
            "%-20s errors %d %s; p99 back under %.0f ms %s",
            f.target(),
            w.errors(),
            w.errorKinds(),
            Scenarios.P99_BUDGET_MS,
            w.recoveredAfterS() == null
                ? "NOT within " + (int) RECOVERY_LIMIT_S + " s"
                : w.recoveredAfterS() + " s after healing"));
    Thread.sleep(10_000);
    return new FaultResult(
        f.target(),
        f.action(),
        downAt,
        upAt,
        w.ok(),
        w.errors(),
        w.errorKinds(),
        w.recoveredAfterS(),
        null,
        f.observed());
  }

  /**
   * Waits until the outbox and the queue are empty: as long as the backlog keeps shrinking (a run
   * above the machine's capacity leaves a long one), and at most 60 s without progress. The checks
   * judge only a drained system; one that did not drain is said so in the log and fails the queue
   * check.
   */
  private void drain(Witness witness) throws Exception {
    long stalledSince = System.nanoTime();
    long best = Long.MAX_VALUE;
    long backlog = Long.MAX_VALUE;
    long unsent = -1;
    while (System.nanoTime() - stalledSince < Duration.ofSeconds(60).toNanos()) {
      unsent = (long) Api.metric(platform.managementUrl(Platform.ORDERS), "outbox_pending");
      int queued = Queues.total(queues.main());
      backlog = queued < 0 ? Long.MAX_VALUE : unsent + queued; // unreadable: not drained
      if (backlog == 0) {
        break;
      }
      if (backlog < best) {
        best = backlog;
        stalledSince = System.nanoTime();
      }
      Thread.sleep(1_000);
    }
    Thread.sleep(3_000);
    log(
        (backlog == 0 ? "drained" : "NOT DRAINED (no progress for 60 s)")
            + ": outbox pending "
            + unsent
            + ", queue backlog "
            + (backlog == Long.MAX_VALUE ? "unreadable" : Long.toString(backlog - unsent))
            + ", witness still waiting on "
            + witness.unseenCount());
  }

  /**
   * How long after healing the last order accepted during the fault had its notification seen
   * (orders never seen are left out here; the reconciliation fails the run on them).
   */
  private FaultResult withCatchUp(FaultResult f, Witness witness) {
    double latest = -1;
    for (Scenarios.Accepted a : load.accepted()) {
      double t = load.at(a.acceptedAtNanos());
      Witness.Seen seen = witness.seen().get(a.orderId());
      if (t >= f.downAtS() && t <= f.upAtS() && seen != null) {
        latest = Math.max(latest, load.at(seen.seenAtNanos()));
      }
    }
    Double caughtUp = latest < 0 ? null : Math.round(Math.max(0, latest - f.upAtS()) * 10) / 10.0;
    return new FaultResult(
        f.fault(),
        f.action(),
        f.downAtS(),
        f.upAtS(),
        f.accepted(),
        f.errors(),
        f.errorKinds(),
        f.p99RecoveredAfterS(),
        caughtUp,
        f.observed());
  }

  private void log(String line) {
    out.printf("   [%6.1f s] %s%n", load == null ? 0.0 : load.now(), line);
  }
}
