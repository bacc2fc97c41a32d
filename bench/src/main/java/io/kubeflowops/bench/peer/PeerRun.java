package io.kubeflowops.bench.peer;

import io.kubeflowops.bench.Api;
import io.kubeflowops.bench.Machine;
import io.kubeflowops.bench.Output;
import io.kubeflowops.bench.Platform;
import io.kubeflowops.bench.Proc;
import io.kubeflowops.bench.Results;
import io.kubeflowops.bench.Stats;
import io.kubeflowops.bench.Tuning;
import io.kubeflowops.bench.capacity.StepRunner;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * {@code make bench-peer}: our create-order path next to a well-known peer's, the orders service of
 * the AWS retail-store-sample-app ({@link PeerService}), on the same machine, servers, JDK and JVM
 * flags, under the same open-loop generator. At each rate both get one step, one after the other
 * (never at once: two cores); who goes first alternates from rate to rate. Ours is measured as
 * {@code make bench} measures create-order ({@link StepRunner}: the step, then the drain of its
 * notifications, CPU over both); the peer has no work after its answer, so its CPU is read over the
 * step alone. Prints one table and writes it under {@code bench/target/peer-results/}.
 *
 * <p>Settings (environment): PEER_JAR (set by make, from {@code bench/peer/build-peer.sh}),
 * PEER_RATES (default 100,200,400,800), BENCH_STEP_SECONDS (12), BENCH_WARMUP_SECONDS (30),
 * BENCH_WARMUP_RATE (50).
 */
public final class PeerRun {
  /** The shared servers: their CPU during a side's step is that side's too. */
  static final List<String> SERVERS = List.of("postgres", "redis", "elasticmq");

  private static final int USER_POOL = 100;

  record Options(List<Double> rates, Duration step, Duration warmup, double warmupRate, Path jar) {
    static Options fromEnvironment() {
      String jar = Output.env("PEER_JAR", "");
      if (jar.isEmpty() || !Files.isRegularFile(Path.of(jar))) {
        throw new IllegalStateException(
            "PEER_JAR is not a jar (make bench-peer sets it from bench/peer/build-peer.sh): "
                + jar);
      }
      return new Options(
          Output.rates("PEER_RATES", "100,200,400,800"),
          Output.seconds("BENCH_STEP_SECONDS", 12),
          Output.seconds("BENCH_WARMUP_SECONDS", 30),
          Double.parseDouble(Output.env("BENCH_WARMUP_RATE", "50")),
          Path.of(jar));
    }
  }

  /**
   * One side's step: its load figures and CPU seconds per 1,000 accepted orders, per service
   * process (ours: three, the peer: one) and for the shared servers together.
   */
  record Side(Results.Step load, Map<String, Double> serviceCpu, double serversCpu) {
    double servicesCpu() {
      return Stats.round2(serviceCpu.values().stream().mapToDouble(Double::doubleValue).sum());
    }
  }

  record Row(double rate, boolean oursFirst, Side ours, Side peer) {}

  private final Platform platform;
  private final PeerService peer;
  private final StepRunner steps;
  private final List<String> users;

  private PeerRun(Platform platform, PeerService peer, StepRunner steps, List<String> users) {
    this.platform = platform;
    this.peer = peer;
    this.steps = steps;
    this.users = users;
  }

  public static int run(
      Path root, Platform platform, Results.Machine machine, Instant started, PrintStream out)
      throws Exception {
    Options options = Options.fromEnvironment();
    Consumer<String> log = line -> out.println("   " + line);
    platform.startServices(Tuning.baseline());
    log.accept("services ready: " + platform.readyTimes());
    String runId = UUID.randomUUID().toString().substring(0, 8);
    List<String> users = Api.createUsers(platform.url(Platform.USERS), runId, USER_POOL);
    List<Row> rows = new ArrayList<>();
    String queue;
    try (PeerService peer = new PeerService(platform, options.jar(), Tuning.BASELINE_JVM)) {
      peer.prepare();
      peer.start();
      Duration ready = peer.awaitReady(Duration.ofSeconds(180));
      log.accept(
          "peer ready in "
              + ready.toMillis()
              + " ms at "
              + peer.url()
              + " ("
              + options.jar()
              + ")");
      StepRunner steps =
          new StepRunner(platform, options.step(), options.warmup(), options.warmupRate(), log);
      PeerRun run = new PeerRun(platform, peer, steps, users);
      run.warmUp();
      for (int i = 0; i < options.rates().size(); i++) {
        double rate = options.rates().get(i);
        boolean oursFirst = i % 2 == 0;
        Side first = oursFirst ? run.ours(rate) : run.peer(rate);
        Side second = oursFirst ? run.peer(rate) : run.ours(rate);
        rows.add(new Row(rate, oursFirst, oursFirst ? first : second, oursFirst ? second : first));
      }
      queue =
          String.format(
              "%d messages in its queue for %d orders it accepted", peer.queued(), peer.accepted());
      log.accept("peer: " + queue);
    }
    String md = PeerTable.markdown(rows, options, machine, Machine.loadAverage(), started, queue);
    Path file = root.resolve("bench/target/peer-results/peer-" + Output.stamp(started) + ".md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, md);
    out.println();
    out.print(md);
    out.println();
    out.println(">> table in " + root.relativize(file) + " (paste into docs/benchmarks.md)");
    List<String> empty =
        rows.stream()
            .filter(r -> r.ours().load().ok() == 0 || r.peer().load().ok() == 0)
            .map(r -> String.format("%.0f req/s: a side without one accepted order", r.rate()))
            .toList();
    empty.forEach(p -> out.println(">> " + p));
    return rows.isEmpty() || !empty.isEmpty() ? 1 : 0;
  }

  /** As CapacityRun: each side's warm-up, unrecorded; ours' notifications drained after it. */
  private void warmUp() throws InterruptedException {
    steps.warmUpOrders("ours", users);
    steps.warmUp("peer", peer.createOrder(), Map.of("peer", peer.pid()));
  }

  private Side ours(double rate) throws Exception {
    Results.Step s = steps.orderStep("ours", users, rate);
    Map<String, Double> cpu = s.cpuSecondsPer1000Orders();
    Map<String, Double> services = new java.util.LinkedHashMap<>();
    Platform.SERVICES.forEach(role -> services.put(role, cpu.getOrDefault(role, 0.0)));
    double servers = SERVERS.stream().mapToDouble(r -> cpu.getOrDefault(r, 0.0)).sum();
    return new Side(s, services, Stats.round2(servers));
  }

  private Side peer(double rate) throws Exception {
    Map<String, Double> before = platform.cpuSeconds();
    double peerBefore = Proc.cpuSeconds(peer.pid());
    Results.Step s = steps.step("peer", peer.createOrder(), rate, null);
    double peerUsed = Proc.cpuSeconds(peer.pid()) - peerBefore;
    Map<String, Double> after = platform.cpuSeconds();
    double serversUsed =
        SERVERS.stream()
            .mapToDouble(r -> after.getOrDefault(r, 0.0) - before.getOrDefault(r, 0.0))
            .sum();
    double per = s.ok() == 0 ? 0 : 1000.0 / s.ok();
    return new Side(
        s, Map.of(PeerService.NAME, Stats.round2(peerUsed * per)), Stats.round2(serversUsed * per));
  }
}
