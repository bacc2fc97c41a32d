package io.kubeflowops.bench;

import io.kubeflowops.devstack.ServiceProcess;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code make chaos}: a steady stream of orders while each dependency fails in turn, then a
 * reconciliation of every order the database holds against the notifications sent.
 */
final class Chaos {
  private static final double P99_BUDGET_MS = BenchRun.P99_BUDGET_MS;
  private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(60);

  /** One second of load: completions, errors and the p99 of the successes. */
  record Second(double t, long ok, long errors, double p99Ms, Map<String, Long> errorKinds) {}

  record FaultResult(
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

  /**
   * Every order against what was sent, plus what the restarted servers still held. Both servers
   * keep their data across a restart (as SQS and a persistent Redis do), so every "must be 0" row
   * is exact: nothing may be lost inside the emulator, and no de-dup key may be lost with Redis.
   */
  record Reconciliation(
      int accepted,
      int committed,
      int acceptedNotCommitted,
      int committedWithoutA201,
      int sentOnce,
      int sentOnceRecordedButNotLogged,
      int sentOnceNotListed,
      int sentMoreThanOnce,
      int notSent,
      int listingShowsMoreThanOne,
      int outboxUnsent,
      int outboxRowsNotOne,
      int dlqDepth,
      int sqsHeldAtStop,
      int sqsMessagesNotRestored,
      long redisKeysAtStop,
      int redisKeysNotRestored,
      double notificationsSentTotal,
      double notificationsDuplicateTotal,
      List<String> examples) {

    boolean exact() {
      return acceptedNotCommitted == 0
          && sentOnceNotListed == 0
          && sentMoreThanOnce == 0
          && notSent == 0
          && listingShowsMoreThanOne == 0
          && outboxUnsent == 0
          && outboxRowsNotOne == 0
          && dlqDepth == 0
          && sqsMessagesNotRestored == 0
          && redisKeysNotRestored == 0;
    }
  }

  record Result(
      String startedAt,
      Results.Machine machine,
      String loadAverageAtEnd,
      double rate,
      double downSeconds,
      List<FaultResult> faults,
      Reconciliation reconciliation,
      boolean passed,
      List<Second> timeline) {}

  private final Platform platform;
  private final PrintStream out;
  private final double rate;
  private final Duration down;
  private final List<Second> timeline = Collections.synchronizedList(new ArrayList<>());
  private final Queue<Scenarios.Accepted> ledger = new ConcurrentLinkedQueue<>();
  private final List<Scenarios.Accepted> accepted = Collections.synchronizedList(new ArrayList<>());

  /** notification-service counters of the processes already stopped (they reset on restart). */
  private final Map<String, Double> earlierCounters = new HashMap<>();

  private long t0;
  private Witness witness;
  private Instant sqsDown;
  private Instant redisDown;
  private int sqsHeld = -1;
  private int sqsAfterRestart = -1;
  private long redisKeysAtStop = -1;
  private long redisKeysAfterRestart = -1;

  private Chaos(Platform platform, PrintStream out, double rate, Duration down) {
    this.platform = platform;
    this.out = out;
    this.rate = rate;
    this.down = down;
  }

  static int run(
      Path root, Platform platform, Results.Machine machine, Instant started, PrintStream out)
      throws Exception {
    Chaos chaos =
        new Chaos(
            platform,
            out,
            Double.parseDouble(Bench.env("CHAOS_RATE", "20")),
            Duration.ofSeconds(Long.parseLong(Bench.env("CHAOS_DOWN_SECONDS", "10"))));
    Result result = chaos.run(machine, started);
    String stamp = Bench.fileTime().format(started);
    Path json = root.resolve("bench/results/chaos-" + stamp + ".json");
    Bench.writeJson(json, result);
    Path png = root.resolve("docs/img/chaos-" + stamp + ".png");
    ChaosChart.render(result, png);
    Bench.append(
        root.resolve("docs/benchmarks.md"),
        ChaosReport.markdown(
            result,
            "Chaos run " + Bench.titleTime().format(started),
            "img/" + png.getFileName(),
            root.relativize(json).toString()));
    out.println(">> results: " + root.relativize(json) + ", chart " + root.relativize(png));
    out.println(">> appended a section to docs/benchmarks.md");
    out.println(result.passed() ? ">> chaos passed" : ">> chaos FAILED: see the reconciliation");
    return result.passed() ? 0 : 1;
  }

  private Result run(Results.Machine machine, Instant started) throws Exception {
    platform.startServices(Tuning.baseline());
    List<String> users = Api.createUsers(platform.url(Platform.USERS), "chaos", 50);
    witness = new Witness(platform.url(Platform.NOTIFICATIONS));
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    OpenLoop loop =
        new OpenLoop(
            client,
            Scenarios.createOrder(platform.url(Platform.ORDERS), users, ledger),
            rate,
            BenchRun.REQUEST_TIMEOUT,
            2_000,
            Long.MAX_VALUE);
    t0 = System.nanoTime();
    loop.start();
    witness.start();
    Thread ticker = Thread.ofPlatform().name("chaos-ticker").daemon().start(() -> tick(loop));
    log(String.format("steady load: create-order at %.0f req/s; %d s baseline", rate, 15));
    Thread.sleep(15_000);

    List<FaultResult> faults = new ArrayList<>();
    faults.add(sqsFault());
    faults.add(redisFault());
    faults.add(
        restartFault(
            "user-service",
            "SIGTERM, restart after the outage",
            () -> platform.service(Platform.USERS).stop(),
            () -> startAndWait(platform.service(Platform.USERS))));
    faults.add(
        restartFault(
            "postgresql",
            "stop the server, start it again on the same data directory",
            platform.stack.postgres::stop,
            platform.stack.postgres::start));
    faults.add(killNotifications());

    log(
        "load stops; waiting for the outbox and the queue to drain (kill -9 redeliveries need the"
            + " 30 s visibility timeout)");
    loop.stop();
    ticker.interrupt();
    ticker.join();
    drain();
    witness.stop();
    faults = faults.stream().map(this::withCatchUp).toList();
    Reconciliation r = reconcile();
    boolean passed = r.exact();
    return new Result(
        started.toString(),
        machine,
        Machine.loadAverage(),
        rate,
        down.toSeconds(),
        faults,
        r,
        passed,
        List.copyOf(timeline));
  }

  // --- the load timeline -----------------------------------------------------------------------

  private void tick(OpenLoop loop) {
    long next = System.nanoTime() + 1_000_000_000L;
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        return;
      }
      next += 1_000_000_000L;
      OpenLoop.Window w = loop.tick();
      timeline.add(new Second(now(), w.ok(), w.errorCount(), w.percentileMs(99), w.errors()));
      Scenarios.Accepted a;
      while ((a = ledger.poll()) != null) {
        accepted.add(a);
        witness.watch(a);
      }
    }
  }

  private double now() {
    return Math.round((System.nanoTime() - t0) / 1e7) / 100.0;
  }

  // --- faults ----------------------------------------------------------------------------------

  interface Action {
    void run() throws Exception;
  }

  /**
   * At this rate the consumer empties the queue within milliseconds, so stopping the emulator alone
   * would rarely find a message in it and prove nothing about its durability. notification-service
   * is therefore stopped gracefully a few seconds before the emulator: the events published
   * meanwhile sit in the queue when it stops, and must all be there when it starts again on the
   * same data directory (checked before the consumer returns, and again by the reconciliation).
   */
  private FaultResult sqsFault() throws Exception {
    ServiceProcess consumer = platform.service(Platform.NOTIFICATIONS);
    double downAt = now();
    rememberCounters();
    consumer.stop();
    Thread.sleep(3_000);
    Map<String, String> depth = queueDepth(platform.stack.sqs.queueUrl());
    sqsHeld = messages(depth);
    sqsDown = Instant.now();
    platform.stopSqs();
    log(
        String.format(
            "sqs        consumer paused at %.0f s, emulator stopped at %.0f s holding %s",
            downAt, now(), depth));
    Thread.sleep(down.toMillis());
    platform.startSqs();
    // Nothing consumes yet; the outbox relay can only add to what the emulator restored.
    Map<String, String> restored = queueDepth(platform.stack.sqs.queueUrl());
    sqsAfterRestart = messages(restored);
    startAndWait(consumer);
    double upAt = now();
    log(
        String.format(
            "sqs        started again at %.0f s on the same data directory; queue right after the"
                + " start %s",
            upAt, restored));
    return settle(
        "sqs (ElasticMQ)",
        "stop notification-service, 3 s later SIGTERM the emulator; start both after the outage,"
            + " the emulator on the same data directory",
        downAt,
        upAt,
        "the emulator held "
            + sqsHeld
            + " messages when it stopped and "
            + sqsAfterRestart
            + " right after the restart (the outbox relay adds what waited meanwhile)");
  }

  private static int messages(Map<String, String> depth) {
    try {
      return Integer.parseInt(depth.get("ApproximateNumberOfMessages"))
          + Integer.parseInt(depth.get("ApproximateNumberOfMessagesNotVisible"));
    } catch (RuntimeException unreadable) {
      return -1;
    }
  }

  private FaultResult redisFault() throws Exception {
    witness.sweep();
    redisKeysAtStop = redisKeys();
    redisDown = Instant.now();
    double downAt = now();
    platform.stack.redis.stop();
    log(
        String.format(
            "redis      stopped at %.0f s holding %d keys (append-only file: they must survive)",
            downAt, redisKeysAtStop));
    Thread.sleep(down.toMillis());
    platform.stack.redis.start();
    redisKeysAfterRestart = redisKeys();
    double upAt = now();
    log(
        String.format(
            "redis      started again at %.0f s on the same data directory with %d keys",
            upAt, redisKeysAfterRestart));
    return settle(
        "redis",
        "stop redis-server, start it again on the same data directory after the outage",
        downAt,
        upAt,
        "keys (de-dup keys and notification records): "
            + redisKeysAtStop
            + " at the stop, "
            + redisKeysAfterRestart
            + " right after the restart");
  }

  private long redisKeys() {
    try {
      return platform.stack.redis.keyCount();
    } catch (java.io.IOException e) {
      log("redis      DBSIZE failed: " + e.getMessage());
      return -1;
    }
  }

  private FaultResult restartFault(String name, String action, Action stop, Action start)
      throws Exception {
    double downAt = now();
    stop.run();
    log(String.format("%-10s stopped at %.0f s", name, downAt));
    Thread.sleep(down.toMillis());
    start.run();
    double upAt = now();
    log(String.format("%-10s started again at %.0f s", name, upAt));
    return settle(name, action, downAt, upAt, "");
  }

  private FaultResult killNotifications() throws Exception {
    ServiceProcess n = platform.service(Platform.NOTIFICATIONS);
    rememberCounters();
    // Mid-batch: freeze the consumer for 2 s (like a long GC pause) so a full batch is waiting, let
    // it go, and kill it as soon as it holds received, undeleted messages.
    signal("STOP", n.pid());
    Thread.sleep(2_000);
    signal("CONT", n.pid());
    Map<String, String> depth = queueDepth(platform.stack.sqs.queueUrl());
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while ("0".equals(depth.get("ApproximateNumberOfMessagesNotVisible"))
        && System.nanoTime() < deadline) {
      depth = queueDepth(platform.stack.sqs.queueUrl());
    }
    double downAt = now();
    n.kill();
    log(String.format("notification-service killed (SIGKILL) at %.0f s; queue %s", downAt, depth));
    startAndWait(n);
    double upAt = now();
    log(String.format("notification-service ready again at %.0f s", upAt));
    return settle(
        "notification-service",
        "frozen 2 s (SIGSTOP) so a batch waits, then kill -9 while it holds that batch; restart at once",
        downAt,
        upAt,
        "received and not yet deleted at the kill: "
            + depth.getOrDefault("ApproximateNumberOfMessagesNotVisible", "?")
            + " (they come back after the 30 s visibility timeout)");
  }

  /**
   * Adds the counters of the running notification-service to the earlier ones just before it is
   * stopped; what it counts between this scrape and its end is missed, so the sums are a check, not
   * the reconciliation (which reads the log and the listing).
   */
  private void rememberCounters() {
    String url = platform.url(Platform.NOTIFICATIONS);
    earlierCounters.merge("sent", Api.metric(url, "notifications_sent_total"), Double::sum);
    earlierCounters.merge(
        "duplicate", Api.metric(url, "notifications_duplicate_total"), Double::sum);
  }

  private static void signal(String signal, long pid) throws Exception {
    new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
  }

  private static void startAndWait(ServiceProcess p) throws Exception {
    p.start();
    p.awaitReady(Duration.ofSeconds(180));
  }

  /**
   * Waits until a one-second window after the restart has p99 within budget and no error, then a
   * little longer so the next fault starts from a steady state.
   */
  private FaultResult settle(
      String name, String action, double downAt, double upAt, String observed)
      throws InterruptedException {
    Double recovered = null;
    long deadline = System.nanoTime() + RECOVERY_LIMIT.toNanos();
    while (recovered == null && System.nanoTime() < deadline) {
      Thread.sleep(500);
      synchronized (timeline) {
        for (Second s : timeline) {
          if (s.t() > upAt && s.ok() > 0 && s.errors() == 0 && s.p99Ms() <= P99_BUDGET_MS) {
            recovered = Math.max(0, Math.round((s.t() - upAt) * 10) / 10.0);
            break;
          }
        }
      }
    }
    Thread.sleep(10_000);
    double end = recovered == null ? upAt + RECOVERY_LIMIT.toSeconds() : upAt + recovered;
    long ok = 0;
    long errors = 0;
    Map<String, Long> kinds = new TreeMap<>();
    synchronized (timeline) {
      for (Second s : timeline) {
        if (s.t() > downAt && s.t() <= end + 1) {
          ok += s.ok();
          errors += s.errors();
          s.errorKinds().forEach((k, v) -> kinds.merge(k, v, Long::sum));
        }
      }
    }
    log(
        String.format(
            "%-10s errors %d %s; p99 back under %.0f ms %s",
            name,
            errors,
            kinds,
            P99_BUDGET_MS,
            recovered == null ? "NOT within 60 s" : recovered + " s after the restart"));
    return new FaultResult(
        name, action, downAt, upAt, ok, errors, kinds, recovered, null, observed);
  }

  /**
   * How long after the restart the last order accepted during the outage had its notification seen
   * (orders never seen are left out here; the reconciliation fails the run on them).
   */
  private FaultResult withCatchUp(FaultResult f) {
    double latest = -1;
    synchronized (accepted) {
      for (Scenarios.Accepted a : accepted) {
        double t = (a.acceptedAtNanos() - t0) / 1e9;
        Witness.Seen seen = witness.seen().get(a.orderId());
        if (t >= f.downAtS() && t <= f.upAtS() && seen != null) {
          latest = Math.max(latest, (seen.seenAtNanos() - t0) / 1e9);
        }
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

  private Map<String, String> queueDepth(String queueUrl) {
    try (SqsClient sqs = platform.stack.sqs.client()) {
      return sqs.getQueueAttributes(
              b ->
                  b.queueUrl(queueUrl)
                      .attributeNames(
                          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
          .attributesAsStrings();
    } catch (RuntimeException e) {
      return Map.of("error", e.getClass().getSimpleName());
    }
  }

  // --- drain and reconcile ---------------------------------------------------------------------

  private void drain() throws Exception {
    Scenarios.Accepted a;
    while ((a = ledger.poll()) != null) {
      accepted.add(a);
      witness.watch(a);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    int unsent = Integer.MAX_VALUE;
    while (System.nanoTime() < deadline) {
      unsent = outboxUnsent();
      Map<String, String> depth = queueDepth(platform.stack.sqs.queueUrl());
      if (unsent == 0
          && "0".equals(depth.get("ApproximateNumberOfMessages"))
          && "0".equals(depth.get("ApproximateNumberOfMessagesNotVisible"))) {
        break;
      }
      Thread.sleep(1_000);
    }
    Thread.sleep(3_000);
    log("drained: outbox unsent " + unsent + ", witness still waiting on " + witness.unseenCount());
  }

  private int outboxUnsent() throws Exception {
    try (Connection c = platform.database();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM orders.outbox WHERE sent_at IS NULL")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private Reconciliation reconcile() throws Exception {
    Map<UUID, Instant> committed = new LinkedHashMap<>();
    Map<UUID, Integer> outboxRows = new HashMap<>();
    Map<UUID, Instant> sentAt = new HashMap<>();
    try (Connection c = platform.database();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT o.id, o.created_at, count(x.id), max(x.sent_at) FROM orders.orders o"
                    + " LEFT JOIN orders.outbox x ON x.aggregate_id = o.id GROUP BY o.id, o.created_at")) {
      while (rs.next()) {
        UUID id = rs.getObject(1, UUID.class);
        committed.put(id, rs.getTimestamp(2).toInstant());
        outboxRows.put(id, rs.getInt(3));
        Timestamp sent = rs.getTimestamp(4);
        if (sent != null) {
          sentAt.put(id, sent.toInstant());
        }
      }
    }
    Set<UUID> acceptedIds =
        accepted.stream().map(Scenarios.Accepted::orderId).collect(Collectors.toSet());
    int acceptedNotCommitted =
        (int) acceptedIds.stream().filter(id -> !committed.containsKey(id)).count();
    int withoutA201 =
        (int) committed.keySet().stream().filter(id -> !acceptedIds.contains(id)).count();

    Map<UUID, List<Instant>> sends = sentLog();
    int sentOnce = 0;
    int recordedNotLogged = 0;
    int notListed = 0;
    int moreThanOnce = 0;
    int notSent = 0;
    int listedTwice = 0;
    List<String> examples = new ArrayList<>();
    for (var e : committed.entrySet()) {
      UUID id = e.getKey();
      List<Instant> sentTimes = sends.getOrDefault(id, List.of());
      int listed = listing(id).size();
      if (listed > 1 || witness.maxCount(id) > 1) {
        listedTwice++;
        examples.add("listed " + listed + " times: order " + id);
      }
      Instant published = sentAt.get(id);
      if (sentTimes.size() == 1) {
        sentOnce++;
        if (listed == 0) {
          notListed++;
          examples.add(
              "sent once but no longer listed (its record is gone from Redis): order "
                  + id
                  + " sent "
                  + sentTimes.get(0)
                  + (redisDown != null && sentTimes.get(0).isBefore(redisDown)
                      ? ", before the Redis restart"
                      : ""));
        }
      } else if (sentTimes.isEmpty() && listed == 1) {
        // Recorded in Redis by a process killed before it wrote its log line (kill -9 fault).
        sentOnce++;
        recordedNotLogged++;
      } else if (sentTimes.size() > 1) {
        moreThanOnce++;
        examples.add(
            "sent "
                + sentTimes.size()
                + " times: order "
                + id
                + " at "
                + sentTimes
                + (redisDown != null
                        && sentTimes.get(0).isBefore(redisDown)
                        && sentTimes.get(1).isAfter(redisDown)
                    ? " (before and after the Redis restart: its de-dup key was lost)"
                    : ""));
      } else {
        notSent++;
        examples.add(
            "NOT SENT: order "
                + id
                + " created "
                + e.getValue()
                + ", published "
                + published
                + (published != null
                        && sqsDown != null
                        && published.isBefore(sqsDown)
                        && published.isAfter(sqsDown.minusSeconds(30))
                    ? " (before the SQS stop at " + sqsDown + ": lost inside the emulator)"
                    : ""));
      }
    }
    int outboxNotOne = (int) outboxRows.values().stream().filter(n -> n != 1).count();
    Map<String, String> dlq = queueDepth(platform.stack.sqs.dlqUrl());
    int dlqDepth =
        Integer.parseInt(dlq.getOrDefault("ApproximateNumberOfMessages", "-1"))
            + Integer.parseInt(dlq.getOrDefault("ApproximateNumberOfMessagesNotVisible", "0"));
    double sentTotal =
        earlierCounters.getOrDefault("sent", 0.0)
            + Api.metric(platform.url(Platform.NOTIFICATIONS), "notifications_sent_total");
    double dupTotal =
        earlierCounters.getOrDefault("duplicate", 0.0)
            + Api.metric(platform.url(Platform.NOTIFICATIONS), "notifications_duplicate_total");
    Reconciliation r =
        new Reconciliation(
            acceptedIds.size(),
            committed.size(),
            acceptedNotCommitted,
            withoutA201,
            sentOnce,
            recordedNotLogged,
            notListed,
            moreThanOnce,
            notSent,
            listedTwice,
            outboxUnsent(),
            outboxNotOne,
            dlqDepth,
            sqsHeld,
            notRestored(sqsHeld, sqsAfterRestart),
            redisKeysAtStop,
            notRestored(redisKeysAtStop, redisKeysAfterRestart),
            sentTotal,
            dupTotal,
            examples.stream().limit(20).toList());
    log("reconciliation: " + r);
    return r;
  }

  /**
   * What a server held at its stop and no longer had right after its restart; -1 when either count
   * could not be read (which fails the run too). Nothing consumed or deleted in between, so a
   * durable server has at least as much after as before.
   */
  static int notRestored(long atStop, long afterRestart) {
    return atStop < 0 || afterRestart < 0 ? -1 : (int) Math.max(0, atStop - afterRestart);
  }

  /**
   * Every notification the service reports as sent, from its log ("notification sent: event …,
   * order …"): independent of Redis, so a second send (a lost de-dup key) shows as a second line
   * even if the listing was lost too, and both processes of the kill -9 fault append to the same
   * file.
   */
  private Map<UUID, List<Instant>> sentLog() throws java.io.IOException {
    java.util.regex.Pattern line =
        java.util.regex.Pattern.compile(
            "\"timestamp\":\"([^\"]+)\".*notification sent: event [0-9a-f-]+, order ([0-9a-f-]{36})");
    Map<UUID, List<Instant>> out = new HashMap<>();
    for (String l :
        java.nio.file.Files.readAllLines(platform.service(Platform.NOTIFICATIONS).logFile())) {
      java.util.regex.Matcher m = line.matcher(l);
      if (m.find()) {
        out.computeIfAbsent(UUID.fromString(m.group(2)), k -> new ArrayList<>())
            .add(Instant.parse(m.group(1)));
      }
    }
    out.values().forEach(Collections::sort);
    return out;
  }

  private List<com.fasterxml.jackson.databind.JsonNode> listing(UUID order) throws Exception {
    Exception last = null;
    for (int i = 0; i < 5; i++) {
      try {
        return Api.notifications(platform.url(Platform.NOTIFICATIONS), order);
      } catch (java.io.IOException e) {
        last = e;
        Thread.sleep(500);
      }
    }
    throw last;
  }

  private void log(String line) {
    out.printf("   [%6.1f s] %s%n", now(), line);
  }
}
