package io.kubeflowops.bench;

import eu.rekawek.toxiproxy.Proxy;
import io.kubeflowops.devstack.Ports;
import io.kubeflowops.devstack.PostgresServer;
import io.kubeflowops.devstack.ServiceProcess;
import io.kubeflowops.devstack.SqsServer;
import io.kubeflowops.devstack.Stack;
import io.kubeflowops.devstack.ToxiproxyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole system on free ports, as {@code make run} starts it: PostgreSQL and Redis from
 * devstack, ElasticMQ in a child JVM of its own (so its CPU and memory are not mixed with the load
 * generator's), and the three services from their packaged jars.
 *
 * <p>With fault links, every connection from a service to PostgreSQL, Redis, SQS, the mail server
 * (smtp) and user-service goes through a Toxiproxy proxy of that name ({@link #link}), so a fault
 * is a network fault. The harness's own checks talk to the servers directly and see through it.
 * Benchmarks run without links: a proxy hop would be part of every number.
 */
public final class Platform implements AutoCloseable {
  public static final String USERS = "user-service";
  public static final String ORDERS = "order-service";
  public static final String NOTIFICATIONS = "notification-service";
  public static final List<String> SERVICES = List.of(USERS, ORDERS, NOTIFICATIONS);

  public final Path root;
  public final Path workDir;
  public final Stack stack;
  private final int visibilityTimeoutSeconds;
  private final Consumer<String> log;
  private final ToxiproxyServer toxiproxy;
  private final Map<String, Proxy> links = new LinkedHashMap<>();
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Map<String, Integer> managementPorts = new LinkedHashMap<>();
  private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
  private final Map<String, Duration> readyTimes = new LinkedHashMap<>();
  private Map<String, String> serverEnv;
  private Process sqs;

  public Platform(
      Path root,
      Path workDir,
      int visibilityTimeoutSeconds,
      boolean faultLinks,
      Consumer<String> log) {
    this.root = root;
    this.workDir = workDir;
    this.visibilityTimeoutSeconds = visibilityTimeoutSeconds;
    this.log = log;
    this.stack = Stack.onFreePorts(workDir, visibilityTimeoutSeconds);
    this.toxiproxy =
        faultLinks
            ? new ToxiproxyServer(Ports.free(), workDir.resolve("logs/toxiproxy.log"))
            : null;
    Api.useIssuer(stack.oidc.issuerUrl());
    // Distinct from each other (one free() after another can repeat a port); a clash with a port
    // the stack has bound by then fails loudly when the service starts.
    int[] free = Ports.free(2 * SERVICES.size());
    for (int i = 0; i < SERVICES.size(); i++) {
      ports.put(SERVICES.get(i), free[2 * i]);
      managementPorts.put(SERVICES.get(i), free[2 * i + 1]);
    }
  }

  public void startServers() throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    stack.postgres.start();
    stack.redis.start();
    startSqs();
    stack.oidc.start();
    stack.mailpit.start();
    serverEnv = stack.env();
    if (toxiproxy != null) {
      toxiproxy.start();
      serverEnv = stack.envThrough(toxiproxy);
      for (String server : List.of("postgres", "redis", "sqs", "smtp")) {
        links.put(server, toxiproxy.client().getProxy(server));
      }
      links.put(USERS, toxiproxy.proxy(USERS, ports.get(USERS)));
    }
    log.accept(
        String.format(
            "servers up in %d ms: postgres :%d, redis :%d, elasticmq :%d, oidc :%d, smtp :%d%s",
            (System.nanoTime() - t0) / 1_000_000,
            stack.postgres.port(),
            stack.redis.port(),
            stack.sqs.port(),
            stack.oidc.port(),
            stack.mailpit.port(),
            toxiproxy == null
                ? ""
                : "; services reach them and user-service through Toxiproxy :" + toxiproxy.port()));
  }

  private void startSqs() throws IOException, InterruptedException {
    Files.createDirectories(workDir.resolve("logs"));
    sqs =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                SqsMain.class.getName(),
                Integer.toString(stack.sqs.port()),
                Integer.toString(visibilityTimeoutSeconds))
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
   * The Toxiproxy proxy in front of postgres, redis, sqs, smtp or user-service (fault links only).
   */
  public Proxy link(String name) {
    Proxy p = links.get(name);
    if (p == null) {
      throw new IllegalStateException("no fault link " + name + " (platform started without)");
    }
    return p;
  }

  /** Starts the three services with these settings and waits until each is ready. */
  public void startServices(Tuning tuning) throws IOException, InterruptedException {
    for (String name : SERVICES) {
      ServiceProcess p = newService(name, ports.get(name), tuning, name + ".log");
      services.put(name, p);
      p.start();
    }
    for (String name : SERVICES) {
      readyTimes.put(name, services.get(name).awaitReady(Duration.ofSeconds(180)));
    }
  }

  public void stopServices() throws InterruptedException {
    for (String name : SERVICES.reversed()) {
      ServiceProcess p = services.get(name);
      if (p != null) {
        p.stop();
      }
    }
  }

  /**
   * A service process wired to this platform (not started), on the given API port; an extra
   * instance (not on the platform's port) gets a management port of its own.
   */
  public ServiceProcess newService(String name, int port, Tuning tuning, String logName) {
    int[] spare = Ports.free(2);
    int managementPort =
        port == port(name) ? managementPorts.get(name) : spare[0] != port ? spare[0] : spare[1];
    Map<String, String> env = new LinkedHashMap<>(serverEnv);
    int users =
        links.containsKey(USERS) ? ToxiproxyServer.listenPort(links.get(USERS)) : port(USERS);
    env.put("USER_SERVICE_URL", "http://127.0.0.1:" + users);
    env.put("LOG_JSON", "true");
    // No OTLP collector runs here: an exporter retrying against nothing would cost CPU and log
    // noise.
    env.put("OTEL_TRACES_SAMPLER", "always_off");
    return new ServiceProcess(
        name,
        ServiceProcess.jarOf(root, name),
        port,
        managementPort,
        tuning.envWith(env),
        workDir.resolve("logs").resolve(logName),
        tuning.jvm());
  }

  public ServiceProcess service(String name) {
    return services.get(name);
  }

  private int port(String name) {
    return ports.get(name);
  }

  /** A service's own address (not through a fault link): where the harness sends its load. */
  public String url(String name) {
    return "http://127.0.0.1:" + port(name);
  }

  /** Health, metrics and OpenAPI of a service (its management port). */
  public String managementUrl(String name) {
    return "http://127.0.0.1:" + managementPorts.get(name);
  }

  public Map<String, Duration> readyTimes() {
    return readyTimes;
  }

  /** Every process of the system by role; postgres is its postmaster (measured with its tree). */
  public Map<String, Long> pids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    for (String s : SERVICES) {
      pids.put(s, services.get(s).pid());
    }
    Proc.postmaster(workDir.resolve("postgres")).ifPresent(p -> pids.put("postgres", p));
    Proc.redisServer(stack.redis.port()).ifPresent(p -> pids.put("redis", p));
    pids.put("elasticmq", sqs.pid());
    if (toxiproxy != null) {
      pids.put("toxiproxy", toxiproxy.pid());
    }
    pids.put("load-generator", ProcessHandle.current().pid());
    return pids;
  }

  /** CPU seconds so far of every process in {@link #pids()} (postgres with its backends). */
  public Map<String, Double> cpuSeconds() {
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
  public Map<String, Double> rssMib() {
    Map<String, Double> rss = new LinkedHashMap<>();
    pids()
        .forEach(
            (role, pid) ->
                rss.put(role, role.equals("postgres") ? Proc.treePssMib(pid) : Proc.rssMib(pid)));
    return rss;
  }

  /** A direct connection to the database (not through a fault link). */
  public Connection database() throws SQLException {
    return DriverManager.getConnection(
        stack.postgres.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
  }

  @Override
  public void close() throws Exception {
    stopServices();
    if (toxiproxy != null) {
      toxiproxy.stop();
    }
    if (sqs != null && sqs.isAlive()) {
      sqs.destroy();
      if (!sqs.waitFor(30, TimeUnit.SECONDS)) {
        sqs.destroyForcibly().waitFor();
      }
    }
    stack.close();
  }
}
