package io.kubeflowops.bench;

import io.kubeflowops.devstack.Ports;
import io.kubeflowops.devstack.PostgresServer;
import io.kubeflowops.devstack.ServiceProcess;
import io.kubeflowops.devstack.SqsServer;
import io.kubeflowops.devstack.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole system on free ports, as {@code make run} starts it: PostgreSQL and Redis from
 * devstack, ElasticMQ in a child JVM of its own (so its CPU and memory are not mixed with the load
 * generator's), and the three services from their packaged jars.
 */
final class Platform implements AutoCloseable {
  static final String USERS = "user-service";
  static final String ORDERS = "order-service";
  static final String NOTIFICATIONS = "notification-service";
  static final List<String> SERVICES = List.of(USERS, ORDERS, NOTIFICATIONS);

  final Path root;
  final Path workDir;
  final Stack stack;
  private final int visibilityTimeoutSeconds;
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
  private final Map<String, Duration> readyTimes = new LinkedHashMap<>();
  private final Consumer<String> log;
  private Process sqs;
  private final boolean durableQueues;

  /**
   * durableQueues: ElasticMQ keeps queues and messages in {@code sqs/} across a stop and start (the
   * fault-injection run needs that); otherwise in memory, which does not stall under load.
   */
  Platform(
      Path root,
      Path workDir,
      int visibilityTimeoutSeconds,
      boolean durableQueues,
      Consumer<String> log) {
    this.root = root;
    this.workDir = workDir;
    this.visibilityTimeoutSeconds = visibilityTimeoutSeconds;
    this.durableQueues = durableQueues;
    this.log = log;
    this.stack = Stack.onFreePorts(workDir, visibilityTimeoutSeconds, durableQueues);
    for (String s : SERVICES) {
      ports.put(s, Ports.free());
    }
  }

  void startServers() throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    stack.postgres.start();
    stack.redis.start();
    startSqs();
    log.accept(
        String.format(
            "servers up in %d ms: postgres :%d, redis :%d, elasticmq :%d",
            (System.nanoTime() - t0) / 1_000_000,
            stack.postgres.port(),
            stack.redis.port(),
            stack.sqs.port()));
  }

  void startSqs() throws IOException, InterruptedException {
    Files.createDirectories(workDir.resolve("logs"));
    List<String> cmd =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                SqsMain.class.getName(),
                Integer.toString(stack.sqs.port()),
                Integer.toString(visibilityTimeoutSeconds)));
    if (durableQueues) {
      cmd.add(workDir.resolve("sqs").toString());
    }
    sqs =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(workDir.resolve("logs/elasticmq.log").toFile()))
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!sqs.isAlive()) {
        throw new IOException("elasticmq exited; see " + workDir.resolve("logs/elasticmq.log"));
      }
      try (SqsClient client = stack.sqs.client()) {
        client.getQueueUrl(b -> b.queueName(SqsServer.QUEUE));
        client.getQueueUrl(b -> b.queueName(SqsServer.DLQ));
        return;
      } catch (RuntimeException notYet) {
        Thread.sleep(200);
      }
    }
    throw new IOException("elasticmq not ready after 60 s");
  }

  /**
   * SIGTERM: ElasticMQ stops; with durable queues its queues and messages stay in {@code sqs/} for
   * the next start.
   */
  void stopSqs() throws InterruptedException {
    if (sqs != null && sqs.isAlive()) {
      sqs.destroy();
      if (!sqs.waitFor(30, TimeUnit.SECONDS)) {
        sqs.destroyForcibly().waitFor();
      }
    }
  }

  /** Starts the three services with these settings and waits until each is ready. */
  void startServices(Tuning tuning) throws IOException, InterruptedException {
    for (String name : SERVICES) {
      ServiceProcess p = newService(name, ports.get(name), tuning, name + ".log");
      services.put(name, p);
      p.start();
    }
    for (String name : SERVICES) {
      readyTimes.put(name, services.get(name).awaitReady(Duration.ofSeconds(180)));
    }
  }

  void stopServices() throws InterruptedException {
    for (String name : SERVICES.reversed()) {
      ServiceProcess p = services.get(name);
      if (p != null) {
        p.stop();
      }
    }
  }

  /** A service process wired to this platform (not started), on the given port. */
  ServiceProcess newService(String name, int port, Tuning tuning, String logName) {
    Map<String, String> env = new LinkedHashMap<>(stack.env());
    env.put("USER_SERVICE_URL", "http://127.0.0.1:" + ports.get(USERS));
    env.put("LOG_JSON", "true");
    // No OTLP collector runs here: an exporter retrying against nothing would cost CPU and log
    // noise.
    env.put("OTEL_TRACES_SAMPLER", "always_off");
    return new ServiceProcess(
        name,
        ServiceProcess.jarOf(root, name),
        port,
        tuning.envWith(env),
        workDir.resolve("logs").resolve(logName),
        tuning.jvm());
  }

  ServiceProcess service(String name) {
    return services.get(name);
  }

  String url(String name) {
    return "http://127.0.0.1:" + ports.get(name);
  }

  Map<String, Duration> readyTimes() {
    return readyTimes;
  }

  long sqsPid() {
    return sqs.pid();
  }

  OptionalLong postgresPid() {
    try {
      return OptionalLong.of(
          Long.parseLong(
              Files.readAllLines(workDir.resolve("postgres/postmaster.pid")).get(0).trim()));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  OptionalLong redisPid() {
    String port = Integer.toString(stack.redis.port());
    return ProcessHandle.current()
        .descendants()
        .filter(
            h -> {
              String cmd = Proc.cmdline(h.pid());
              return cmd.contains("redis-server") && cmd.contains(port);
            })
        .mapToLong(ProcessHandle::pid)
        .findFirst();
  }

  /** Every process of the system by role; postgres is its postmaster (measured with its tree). */
  Map<String, Long> pids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    for (String s : SERVICES) {
      pids.put(s, services.get(s).pid());
    }
    postgresPid().ifPresent(p -> pids.put("postgres", p));
    redisPid().ifPresent(p -> pids.put("redis", p));
    pids.put("elasticmq", sqs.pid());
    pids.put("load-generator", ProcessHandle.current().pid());
    return pids;
  }

  /** CPU seconds so far of every process in {@link #pids()} (postgres with its backends). */
  Map<String, Double> cpuSeconds() {
    Map<String, Double> cpu = new LinkedHashMap<>();
    pids()
        .forEach(
            (role, pid) ->
                cpu.put(
                    role,
                    role.equals("postgres") ? Proc.treeCpuSeconds(pid) : Proc.cpuSeconds(pid)));
    return cpu;
  }

  /** RSS of each process; for postgres the PSS of the whole server (see Proc#treePssMib). */
  Map<String, Double> rssMib() {
    Map<String, Double> rss = new LinkedHashMap<>();
    pids()
        .forEach(
            (role, pid) ->
                rss.put(role, role.equals("postgres") ? Proc.treePssMib(pid) : Proc.rssMib(pid)));
    return rss;
  }

  Connection database() throws SQLException {
    return DriverManager.getConnection(
        stack.postgres.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
  }

  List<String> describe() {
    List<String> out = new ArrayList<>();
    pids().forEach((role, pid) -> out.add(role + " pid " + pid));
    return out;
  }

  @Override
  public void close() throws Exception {
    stopServices();
    stopSqs();
    stack.close();
  }
}
