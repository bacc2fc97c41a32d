package io.kubeflowops.bench;

import io.kubeflowops.devstack.Ports;
import io.kubeflowops.devstack.ServiceProcess;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The benchmark: each scenario stepped up in rate until p99 passes 50 ms or errors appear, then
 * ready times with and without an AOT cache, then tuning variants of the create-order path.
 */
final class BenchRun {
  static final double P99_BUDGET_MS = 50;
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  private static final int MAX_IN_FLIGHT = 2_000;

  /** What a run does; {@link #smoke()} is the seconds-long CI variant. */
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
    static Options full(
        List<Double> rates,
        Duration step,
        Duration warmup,
        double warmupRate,
        int aotRepetitions,
        boolean tuning,
        double tuningRate) {
      return new Options(
          rates, step, warmup, warmupRate, aotRepetitions, tuning, tuningRate, 100, true);
    }

    static Options smoke() {
      return new Options(
          List.of(10.0), Duration.ofSeconds(3), Duration.ZERO, 0, 0, false, 0, 10, false);
    }
  }

  private final Platform platform;
  private final Options options;
  private final Consumer<String> log;
  private final String runId = UUID.randomUUID().toString().substring(0, 8);
  private final HttpClient loadClient =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final Map<String, Double> rssLoad = new LinkedHashMap<>();
  private List<String> users = List.of();

  BenchRun(Platform platform, Options options, Consumer<String> log) {
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
    users = Api.createUsers(platform.url(Platform.USERS), runId, options.userPool());
    Thread.sleep(2_000);
    Map<String, Double> rssIdle = platform.rssMib();
    log.accept("rss at idle (MiB): " + round(rssIdle));

    List<Results.Scenario> scenarios = new ArrayList<>();
    scenarios.add(stepUp("create-user", Scenarios.createUser(platform.url(Platform.USERS), runId)));
    Queue<Scenarios.Accepted> all = Scenarios.newLedger();
    scenarios.add(stepUpOrders(all));
    List<UUID> orderIds = all.stream().map(Scenarios.Accepted::orderId).toList();
    scenarios.add(stepUp("get-order", Scenarios.getOrder(platform.url(Platform.ORDERS), orderIds)));

    List<Results.Aot> aot = new ArrayList<>();
    if (options.aotRepetitions() > 0) {
      for (String s : Platform.SERVICES) {
        aot.add(aot(s, baseline, orderIds.getFirst()));
      }
    }
    List<Results.TuningRun> tuning = new ArrayList<>();
    if (options.tuning()) {
      // The highest create-order rate that passed, unless a rate is given.
      double rate = options.tuningRate() > 0 ? options.tuningRate() : tuningRate(scenarios.get(1));
      for (Tuning t : Tuning.variants()) {
        tuning.add(tune(t, rate));
      }
    }
    return new Results.Bench(
        startedAt,
        mode,
        machine,
        Machine.loadAverage(),
        options.step().toMillis() / 1000.0,
        baseline.jvm(),
        ready,
        round(rssIdle),
        round(rssLoad),
        scenarios,
        aot,
        tuning);
  }

  // --- stepping ----------------------------------------------------------------------------------

  private Results.Scenario stepUp(String name, OpenLoop.Target target) throws Exception {
    warmUp(name, target);
    List<Results.Step> steps = new ArrayList<>();
    for (double rate : options.rates()) {
      Results.Step s = step(name, target, rate, null);
      if (!s.passed() && options.retryFailedStep()) {
        log.accept(String.format("%-12s step failed; repeating it once", name));
        s = step(name, target, rate, null);
      }
      steps.add(s);
      if (!s.passed()) {
        break;
      }
    }
    return scenario(name, steps);
  }

  private Results.Scenario stepUpOrders(Queue<Scenarios.Accepted> all) throws Exception {
    String name = "create-order";
    warmUp(name, Scenarios.createOrder(platform.url(Platform.ORDERS), users, all));
    drain(all.size(), 0, Duration.ofSeconds(60));
    List<Results.Step> steps = new ArrayList<>();
    for (double rate : options.rates()) {
      Queue<Scenarios.Accepted> ledger = Scenarios.newLedger();
      OpenLoop.Target target = Scenarios.createOrder(platform.url(Platform.ORDERS), users, ledger);
      Results.Step s = step(name, target, rate, ledger);
      all.addAll(ledger);
      if (!s.passed() && options.retryFailedStep()) {
        log.accept(String.format("%-12s step failed; repeating it once", name));
        ledger.clear();
        s = step(name, target, rate, ledger);
        all.addAll(ledger);
      }
      steps.add(s);
      if (!s.passed()) {
        break;
      }
    }
    return scenario(name, steps);
  }

  private static Results.Scenario scenario(String name, List<Results.Step> steps) {
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

  private void warmUp(String name, OpenLoop.Target target) throws InterruptedException {
    if (options.warmup().isZero()) {
      return;
    }
    log.accept(
        String.format(
            "%-12s warm-up %d s at %.0f rps (not recorded)",
            name, options.warmup().toSeconds(), options.warmupRate()));
    OpenLoop loop =
        new OpenLoop(
            loadClient,
            target,
            options.warmupRate(),
            REQUEST_TIMEOUT,
            MAX_IN_FLIGHT,
            Long.MAX_VALUE);
    loop.start();
    Thread.sleep(options.warmup().toMillis());
    loop.stop();
  }

  /**
   * One step at a constant rate. For orders ({@code ledger} given) it then waits until every
   * accepted order's notification is counted, and measures the lag and the CPU spent per order.
   */
  private Results.Step step(
      String name, OpenLoop.Target target, double rate, Queue<Scenarios.Accepted> ledger)
      throws Exception {
    boolean orders = ledger != null;
    Map<String, Double> cpuBefore = orders ? platform.cpuSeconds() : Map.of();
    double sentBefore =
        orders ? Api.metric(platform.url(Platform.NOTIFICATIONS), "notifications_sent_total") : 0;

    long seconds = Math.max(1, options.step().toSeconds());
    OpenLoop loop =
        new OpenLoop(
            loadClient, target, rate, REQUEST_TIMEOUT, MAX_IN_FLIGHT, Math.round(rate * seconds));
    Histogram latency = new Histogram(3);
    long ok = 0;
    Map<String, Long> errors = new java.util.TreeMap<>();
    long start = System.nanoTime();
    loop.start();
    for (long i = 1; i <= seconds; i++) {
      long wait = start + TimeUnit.SECONDS.toNanos(i) - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      OpenLoop.Window w = loop.tick();
      latency.add(w.latency());
      ok += w.ok();
      w.errors().forEach((k, v) -> errors.merge(k, v, Long::sum));
      platform.rssMib().forEach((role, mib) -> rssLoad.merge(role, mib, Math::max));
    }
    loop.stop();
    OpenLoop.Window last = loop.tick();
    latency.add(last.latency());
    ok += last.ok();
    last.errors().forEach((k, v) -> errors.merge(k, v, Long::sum));
    long errorCount = errors.values().stream().mapToLong(Long::longValue).sum();

    Results.Lag lag = null;
    Map<String, Double> cpuPer1000 = Map.of();
    if (orders) {
      drain(ledger.size(), sentBefore, Duration.ofSeconds(90));
      Map<String, Double> cpuAfter = platform.cpuSeconds();
      cpuPer1000 = new LinkedHashMap<>();
      for (var e : cpuAfter.entrySet()) {
        double used = e.getValue() - cpuBefore.getOrDefault(e.getKey(), e.getValue());
        cpuPer1000.put(e.getKey(), ledger.isEmpty() ? 0 : round2(used * 1000 / ledger.size()));
      }
      lag = lag(new ArrayList<>(ledger));
    }
    double p99 = ms(latency, 99);
    Results.Step s =
        new Results.Step(
            name,
            rate,
            round2(ok / (double) seconds),
            ok,
            errorCount,
            errors,
            ms(latency, 50),
            ms(latency, 95),
            p99,
            round2(latency.getMaxValue() / 1000.0),
            p99 <= P99_BUDGET_MS && errorCount == 0 && ok > 0,
            lag,
            cpuPer1000);
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
  private void drain(int accepted, double sentBefore, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      double sent =
          Api.metric(platform.url(Platform.NOTIFICATIONS), "notifications_sent_total") - sentBefore;
      double pending = Api.metric(platform.url(Platform.ORDERS), "outbox_pending");
      if (sent >= accepted && pending == 0) {
        return;
      }
      Thread.sleep(200);
    }
    log.accept("  (notifications not all counted after " + timeout.toSeconds() + " s)");
  }

  /** Lag of up to 200 orders spread over the step: createdAt → the notification's sentAt. */
  private Results.Lag lag(List<Scenarios.Accepted> accepted) throws Exception {
    int n = Math.min(200, accepted.size());
    List<Scenarios.Accepted> sample = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      sample.add(accepted.get((int) ((long) i * accepted.size() / n)));
    }
    Map<UUID, java.time.Instant> published = publishedAt(sample);
    Histogram total = new Histogram(3);
    Histogram relay = new Histogram(3);
    Histogram delivery = new Histogram(3);
    int missing = 0;
    int duplicates = 0;
    for (Scenarios.Accepted a : sample) {
      var sent = Api.notifications(platform.url(Platform.NOTIFICATIONS), a.orderId());
      if (sent.isEmpty()) {
        missing++;
        continue;
      }
      if (sent.size() > 1) {
        duplicates++;
      }
      java.time.Instant sentAt = Api.instant(sent.getFirst(), "sentAt");
      record(total, a.createdAt(), sentAt);
      java.time.Instant pub = published.get(a.orderId());
      if (pub != null) {
        record(relay, a.createdAt(), pub);
        record(delivery, pub, sentAt);
      }
    }
    return new Results.Lag(
        n,
        ms(total, 50),
        ms(total, 99),
        round2(total.getMaxValue() / 1000.0),
        missing,
        duplicates,
        ms(relay, 50),
        ms(relay, 99),
        ms(delivery, 50),
        ms(delivery, 99));
  }

  private static void record(Histogram h, java.time.Instant from, java.time.Instant to) {
    h.recordValue(Math.max(0, Duration.between(from, to).toNanos() / 1000));
  }

  /** When the outbox relay published each order's event (orders.outbox.sent_at). */
  private Map<UUID, java.time.Instant> publishedAt(List<Scenarios.Accepted> orders)
      throws java.sql.SQLException {
    Map<UUID, java.time.Instant> out = new java.util.HashMap<>();
    try (var c = platform.database();
        var ps =
            c.prepareStatement(
                "SELECT aggregate_id, sent_at FROM orders.outbox WHERE aggregate_id = ANY (?)")) {
      ps.setArray(
          1, c.createArrayOf("uuid", orders.stream().map(Scenarios.Accepted::orderId).toArray()));
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          var sent = rs.getTimestamp(2);
          if (sent != null) {
            out.put(rs.getObject(1, UUID.class), sent.toInstant());
          }
        }
      }
    }
    return out;
  }

  // --- AOT cache -------------------------------------------------------------------------------

  /**
   * Ready time (process start → /health/ready 200) of an extra instance of a service, without and
   * with a JDK 25 AOT cache trained on a short run of that service on this machine.
   */
  private Results.Aot aot(String service, Tuning baseline, UUID someOrder) throws Exception {
    Path dir = platform.workDir.resolve("aot");
    Files.createDirectories(dir);
    Path cache = dir.resolve(service + ".aot");
    Files.deleteIfExists(cache);
    List<Long> without = readyTimes(service, baseline, "plain");

    Path imageCache = dir.resolve(service + "-image.aot");
    String imageNote = trainLikeTheImage(service, baseline, imageCache);
    List<Long> withImage =
        Files.isRegularFile(imageCache)
            ? readyTimes(service, baseline.withJvm(List.of("-XX:AOTCache=" + imageCache)), "image")
            : List.of();
    long imageBytes = Files.isRegularFile(imageCache) ? Files.size(imageCache) : 0;

    log.accept(String.format("%-20s AOT training run (-XX:AOTCacheOutput)", service));
    ServiceProcess training =
        platform.newService(
            service,
            Ports.free(),
            baseline.withJvm(List.of("-XX:AOTCacheOutput=" + cache)),
            "aot-" + service + "-training.log");
    training.start();
    try {
      training.awaitReady(Duration.ofSeconds(180));
      exercise(service, training.baseUrl(), someOrder);
      ProcessHandle h = ProcessHandle.of(training.pid()).orElseThrow();
      h.destroy(); // SIGTERM: the JVM writes the cache as it exits
      h.onExit().get(300, TimeUnit.SECONDS);
    } finally {
      training.kill();
    }
    if (!Files.isRegularFile(cache)) {
      return new Results.Aot(
          service,
          without,
          withImage,
          List.of(),
          median(without),
          median(withImage),
          0,
          imageBytes,
          0,
          imageNote + "; full run: no cache written: " + training.tail(5));
    }
    List<Long> with =
        readyTimes(service, baseline.withJvm(List.of("-XX:AOTCache=" + cache)), "aot");
    String note = imageNote + "; " + aotWarnings(service);
    return new Results.Aot(
        service,
        without,
        withImage,
        with,
        median(without),
        median(withImage),
        median(with),
        imageBytes,
        Files.size(cache),
        note);
  }

  /**
   * Trains a cache exactly as apps/Dockerfile does (apps/aot-train.sh: no dependencies, start-up
   * and error paths only), with the JVM flags the measured starts use. Returns a note for the
   * report.
   */
  private String trainLikeTheImage(String service, Tuning baseline, Path cache) throws Exception {
    log.accept(
        String.format("%-20s AOT training as the image build does (apps/aot-train.sh)", service));
    Path logFile =
        platform.workDir.resolve("logs").resolve("aot-" + service + "-image-training.log");
    Files.createDirectories(logFile.getParent());
    List<String> cmd = new ArrayList<>();
    cmd.add("bash");
    cmd.add(platform.root.resolve("apps/aot-train.sh").toString());
    cmd.add(ServiceProcess.jarOf(platform.root, service).getParent().toString());
    cmd.add(cache.toString());
    cmd.addAll(baseline.jvm());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    pb.environment().put("JAVA", ProcessHandle.current().info().command().orElse("java"));
    pb.environment().put("AOT_TRAIN_PORT", Integer.toString(Ports.free()));
    pb.environment()
        .put("AOT_TRAIN_LOG", logFile.resolveSibling(logFile.getFileName() + ".jvm").toString());
    Process p = pb.start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return "image-style training timed out";
    }
    return p.exitValue() == 0
        ? "image-style cache trained"
        : "image-style training failed (exit " + p.exitValue() + "), see " + logFile.getFileName();
  }

  private List<Long> readyTimes(String service, Tuning tuning, String label) throws Exception {
    List<Long> out = new ArrayList<>();
    for (int r = 0; r < options.aotRepetitions(); r++) {
      ServiceProcess p =
          platform.newService(
              service, Ports.free(), tuning, "aot-" + service + "-" + label + "-" + r + ".log");
      p.start();
      try {
        out.add(p.awaitReady(Duration.ofSeconds(180)).toMillis());
      } finally {
        p.stop();
      }
    }
    log.accept(String.format("%-20s ready %-5s %s ms", service, label, out));
    return out;
  }

  /** Lines in which the JVM says it could not use the cache. */
  private String aotWarnings(String service) throws IOException {
    Path logs = platform.workDir.resolve("logs");
    try (Stream<Path> files = Files.list(logs)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("aot-" + service + "-aot-"))
          .flatMap(
              p -> {
                try {
                  return Files.readAllLines(p).stream();
                } catch (IOException e) {
                  return Stream.empty();
                }
              })
          .filter(l -> l.contains("[aot") || l.contains("AOT cache") || l.contains("CDS"))
          .filter(l -> !l.startsWith("{"))
          .distinct()
          .limit(3)
          .reduce((a, b) -> a + " | " + b)
          .orElse("cache accepted (no AOT warnings in the logs)");
    }
  }

  /** A little traffic so the training run loads and links the classes a real start-up needs. */
  private void exercise(String service, String url, UUID someOrder) throws Exception {
    for (int i = 0; i < 20; i++) {
      switch (service) {
        case Platform.USERS -> {
          String id =
              Api.call(
                      Api.postJson(
                          url + "/users",
                          Api.userBody("aot-" + UUID.randomUUID() + "@example.com")),
                      201)
                  .get("id")
                  .asText();
          Api.call(Api.get(url + "/users/" + id), 200);
          Api.call(Api.get(url + "/users?page=0&size=5"), 200);
        }
        case Platform.ORDERS -> {
          String id =
              Api.call(Api.postJson(url + "/orders", Api.orderBody(users.getFirst())), 201)
                  .get("id")
                  .asText();
          Api.call(Api.get(url + "/orders/" + id), 200);
          Api.call(Api.get(url + "/orders?userId=" + users.getFirst() + "&size=5"), 200);
        }
        default -> Api.call(Api.get(url + "/notifications?orderId=" + someOrder), 200);
      }
      Api.text(Api.get(url + "/health/ready"), 200);
      Api.text(Api.get(url + "/metrics"), 200);
    }
  }

  // --- tuning ----------------------------------------------------------------------------------

  private static double tuningRate(Results.Scenario orders) {
    return orders.steps().stream()
        .filter(Results.Step::passed)
        .mapToDouble(Results.Step::offeredRps)
        .max()
        .orElse(orders.steps().getFirst().offeredRps());
  }

  private Results.TuningRun tune(Tuning t, double rate) throws Exception {
    log.accept(
        String.format("tuning %-13s %s, create-order at %.0f rps", t.name(), t.what(), rate));
    platform.stopServices();
    platform.startServices(t);
    Queue<Scenarios.Accepted> warm = Scenarios.newLedger();
    OpenLoop.Target warmTarget = Scenarios.createOrder(platform.url(Platform.ORDERS), users, warm);
    warmUp("create-order", warmTarget);
    drain(warm.size(), 0, Duration.ofSeconds(60));
    Queue<Scenarios.Accepted> ledger = Scenarios.newLedger();
    Results.Step s =
        step(
            "create-order",
            Scenarios.createOrder(platform.url(Platform.ORDERS), users, ledger),
            rate,
            ledger);
    return new Results.TuningRun(t.name(), t.what(), t.jvm(), t.env(), s);
  }

  // --- helpers ---------------------------------------------------------------------------------

  static long median(List<Long> values) {
    if (values.isEmpty()) {
      return 0;
    }
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    return sorted.length % 2 == 1
        ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }

  static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? 0 : round2(h.getValueAtPercentile(percentile) / 1000.0);
  }

  static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static Map<String, Double> round(Map<String, Double> values) {
    Map<String, Double> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, Math.round(v * 10) / 10.0));
    return out;
  }

  static List<Double> parseRates(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).map(Double::parseDouble).toList();
  }
}
