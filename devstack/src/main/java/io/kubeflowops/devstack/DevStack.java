package io.kubeflowops.devstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code make run}: the whole system on this machine, no Docker. Starts PostgreSQL, Redis,
 * ElasticMQ, the OIDC issuer and Mailpit (the mail inbox), then the three services from their
 * packaged jars, prints where everything is, and stops it all on Ctrl-C.
 *
 * <p>{@code infra} mode starts only the servers (for running a service from an IDE or {@code
 * quarkus:dev}).
 */
public final class DevStack {
  private static final PrintStream OUT = System.out;

  private DevStack() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "run";
    if (!mode.equals("run") && !mode.equals("infra")) {
      OUT.println("usage: devstack [run|infra]");
      System.exit(2);
    }
    Path root = Path.of(System.getProperty("repo.root", ".")).toAbsolutePath().normalize();
    Path runDir = root.resolve(env("RUN_DIR", ".run"));
    // Every run starts from empty servers: messages or de-dup keys of an earlier run would point at
    // orders the fresh database no longer has.
    for (String data : List.of("postgres", "redis")) {
      deleteRecursively(runDir.resolve(data));
    }
    Files.createDirectories(runDir);

    Stack stack =
        new Stack(
            intEnv("POSTGRES_PORT", 5432),
            intEnv("REDIS_PORT", 6379),
            intEnv("SQS_PORT", 9324),
            intEnv("OIDC_PORT", 8090),
            intEnv("MAILPIT_SMTP_PORT", 1025),
            intEnv("MAILPIT_UI_PORT", 8025),
            runDir,
            intEnv("SQS_VISIBILITY_TIMEOUT", 30));
    // Traces: off unless TRACES=on, which starts a local Jaeger for the services to export to. Off,
    // nothing is sampled, so no exporter retries against a collector that is not there.
    JaegerServer jaeger =
        env("TRACES", "off").equals("on")
            ? new JaegerServer(
                intEnv("JAEGER_UI_PORT", 16686), intEnv("JAEGER_OTLP_PORT", 4317), runDir)
            : null;
    List<ServiceProcess> services = new ArrayList<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  OUT.println("\n>> stopping: services first (graceful), then the servers");
                  for (ServiceProcess s : services.reversed()) {
                    long t0 = System.nanoTime();
                    try {
                      s.stop();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    OUT.printf(
                        "   %-21s stopped in %5d ms%n",
                        s.name(), (System.nanoTime() - t0) / 1_000_000);
                  }
                  if (jaeger != null) {
                    jaeger.stop();
                  }
                  stack.close(line -> OUT.println("   " + line));
                  OUT.println(">> stopped");
                  stopped.countDown();
                }));

    OUT.println(
        ">> starting PostgreSQL, Redis, ElasticMQ, the OIDC issuer and Mailpit (real servers, no"
            + " Docker)");
    try {
      stack.start(line -> OUT.println("   " + line));
      if (jaeger != null && mode.equals("run")) {
        long t0 = System.nanoTime();
        jaeger.start();
        OUT.printf(
            "   %-9s up in %5d ms  %s%n",
            jaeger.name(), (System.nanoTime() - t0) / 1_000_000, jaeger.endpoint());
      }
    } catch (IOException e) {
      OUT.println("error: " + e.getMessage());
      System.exit(1);
    }
    if (mode.equals("infra")) {
      printEnv(stack.env());
      OUT.println("   Mail inbox: " + localhost(stack.inboxUrl()));
      OUT.println(">> infra up; Ctrl-C stops it");
      stopped.await();
      return;
    }

    // API port and management port (health, metrics, OpenAPI, Swagger UI) of each service.
    Map<String, int[]> ports = new LinkedHashMap<>();
    ports.put("user-service", ports("USER_SERVICE", 8002, 9002));
    ports.put("order-service", ports("ORDER_SERVICE", 8001, 9001));
    ports.put("notification-service", ports("NOTIFICATION_SERVICE", 8003, 9003));
    List<String> jvmArgs =
        List.of(env("SERVICE_JVM_OPTS", String.join(" ", ServiceProcess.LOCAL_JVM)).split(" "));
    OUT.println(
        ">> starting the services (logs in " + root.relativize(runDir.resolve("logs")) + "/)");
    try {
      for (var e : ports.entrySet()) {
        Map<String, String> env = new LinkedHashMap<>(stack.env());
        env.put("USER_SERVICE_URL", "http://127.0.0.1:" + ports.get("user-service")[0]);
        env.put("LOG_JSON", env("LOG_JSON", "false"));
        if (jaeger != null) {
          env.put("OTEL_EXPORTER_OTLP_ENDPOINT", jaeger.otlpEndpoint());
        } else {
          env.put("OTEL_TRACES_SAMPLER", "always_off");
        }
        ServiceProcess p =
            new ServiceProcess(
                e.getKey(),
                ServiceProcess.jarOf(root, e.getKey()),
                e.getValue()[0],
                e.getValue()[1],
                env,
                runDir.resolve("logs").resolve(e.getKey() + ".log"),
                jvmArgs);
        Files.deleteIfExists(p.logFile());
        p.start();
        services.add(p);
      }
      OUT.println();
      String row = "   %-21s %-22s %-30s %-28s %8s %8s%n";
      OUT.printf(row, "service", "api", "openapi", "swagger ui", "ready", "rss");
      for (ServiceProcess p : services) {
        Duration ready = p.awaitReady(Duration.ofSeconds(180));
        OUT.printf(
            row,
            p.name(),
            p.baseUrl(),
            p.managementUrl() + "/openapi",
            p.managementUrl() + "/docs",
            ready.toMillis() + " ms",
            p.rssMib() + " MiB");
      }
    } catch (IOException e) {
      OUT.println("error: " + e.getMessage());
      System.exit(1);
    }
    OUT.println();
    OUT.println(
        "   metrics (Prometheus text): "
            + String.join(
                ", ", services.stream().map(p -> p.managementUrl() + "/metrics").toList()));
    OUT.println("   Mail inbox: " + localhost(stack.inboxUrl()) + " (Mailpit: every mail sent)");
    OUT.println(
        jaeger != null
            ? "   traces: " + jaeger.uiUrl() + " (Jaeger UI; every request is traced)"
            : "   traces: off (`make run TRACES=on` starts a local Jaeger UI and sends it every trace)");
    OUT.println();
    OUT.println(
        "   every API call needs a bearer token of the issuer " + stack.oidc.issuerUrl() + ":");
    OUT.println(
        "     TOKEN=$(make -s token)      # a new user; ROLE=admin for an admin, USER=<uuid>");
    OUT.println(
        "     curl -H \"Authorization: Bearer $TOKEN\" " + services.get(1).baseUrl() + "/orders");
    OUT.println(">> up. Try `make demo` in another terminal. Ctrl-C stops everything.");
    stopped.await();
  }

  /** {PREFIX_PORT, PREFIX_MANAGEMENT_PORT}, from the environment or the defaults. */
  private static int[] ports(String prefix, int api, int management) {
    return new int[] {
      intEnv(prefix + "_PORT", api), intEnv(prefix + "_MANAGEMENT_PORT", management)
    };
  }

  /** The URL as a person types it (the servers listen on 127.0.0.1). */
  private static String localhost(String url) {
    return url.replace("://127.0.0.1:", "://localhost:");
  }

  private static void printEnv(Map<String, String> env) {
    env.forEach((k, v) -> OUT.println("   export " + k + "=" + v));
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  private static int intEnv(String name, int fallback) {
    return Integer.parseInt(env(name, Integer.toString(fallback)));
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
