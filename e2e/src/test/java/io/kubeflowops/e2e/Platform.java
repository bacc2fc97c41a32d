package io.kubeflowops.e2e;

import io.kubeflowops.devstack.Ports;
import io.kubeflowops.devstack.ServiceProcess;
import io.kubeflowops.devstack.Stack;
import io.kubeflowops.devstack.testing.Tokens;
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

/**
 * The whole system on free ports: real servers plus the three services as child JVMs, as `make run`
 * starts them.
 */
final class Platform implements AutoCloseable {
  private static final List<String> JVM =
      List.of("-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

  final Path root = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
  final Path workDir;
  final Stack stack;
  final Tokens tokens;
  final ServiceProcess users;
  final ServiceProcess orders;
  final ServiceProcess notifications;

  /** Runs once the servers are up and before the services start (roles, credential files, ...). */
  interface Setup {
    void run(Stack stack) throws Exception;
  }

  Platform() throws IOException {
    this(Map.of());
  }

  /** With extra environment variables per service name (on top of what every service gets). */
  Platform(Map<String, Map<String, String>> extraEnv) throws IOException {
    workDir = Files.createTempDirectory("e2e-");
    // All twelve ports at once, so no two of them (stack, API, management) can be the same.
    int[] p = Ports.free(12);
    stack = new Stack(p[0], p[1], p[2], p[3], p[10], p[11], workDir, 5);
    tokens = new Tokens(stack.oidc.issuerUrl());
    users = service("user-service", p[4], p[5], p[4], extraEnv);
    orders = service("order-service", p[6], p[7], p[4], extraEnv);
    notifications = service("notification-service", p[8], p[9], p[4], extraEnv);
  }

  private ServiceProcess service(
      String name,
      int port,
      int managementPort,
      int userPort,
      Map<String, Map<String, String>> extraEnv) {
    Map<String, String> env = new LinkedHashMap<>(stack.env());
    env.put("USER_SERVICE_URL", "http://127.0.0.1:" + userPort);
    env.put("LOG_JSON", "true");
    env.put("OTEL_TRACES_SAMPLER", "always_off");
    env.put("SQS_WAIT_TIME", "1S");
    env.put("SQS_RETRY_BASE", "1S");
    env.put("SQS_RETRY_MAX", "2S");
    env.put("SQS_OUTAGE_WAIT", "500MS");
    env.putAll(extraEnv.getOrDefault(name, Map.of()));
    return new ServiceProcess(
        name,
        ServiceProcess.jarOf(root, name),
        port,
        managementPort,
        env,
        workDir.resolve("logs/" + name + ".log"),
        JVM);
  }

  void start() throws Exception {
    start(stack -> {});
  }

  void start(Setup beforeServices) throws Exception {
    stack.start(line -> System.getLogger("e2e").log(System.Logger.Level.INFO, line));
    beforeServices.run(stack);
    for (ServiceProcess s : List.of(users, orders, notifications)) {
      s.start();
    }
    for (ServiceProcess s : List.of(users, orders, notifications)) {
      s.awaitReady(Duration.ofSeconds(120));
    }
  }

  Connection database() throws SQLException {
    return DriverManager.getConnection(stack.postgres.jdbcUrl(), "kubeflow", "kubeflow");
  }

  @Override
  public void close() throws Exception {
    for (ServiceProcess s : List.of(notifications, orders, users)) {
      s.stop();
    }
    stack.close();
  }
}
