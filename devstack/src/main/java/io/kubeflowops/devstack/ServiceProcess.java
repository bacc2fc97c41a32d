package io.kubeflowops.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service run from its packaged Quarkus jar as a child JVM, the way a container runs it: the
 * API on one port, health, metrics and OpenAPI on its management port.
 */
public final class ServiceProcess implements AutoCloseable {
  /**
   * What bounds a service JVM's memory besides its heap: the code cache, metaspace and direct
   * buffers each capped (measured under load, docs/benchmarks.md "Memory": code cache ~35 MB,
   * metaspace ~65 MB, direct buffers ~2 MB). The image (apps/Dockerfile) sets the same caps, with a
   * heap relative to the pod's memory limit; ServiceJvmCapsTest holds the two lists together.
   */
  public static final List<String> MEMORY_CAPS =
      List.of(
          "-XX:ReservedCodeCacheSize=64m",
          "-XX:MaxMetaspaceSize=128m",
          "-XX:MaxDirectMemorySize=32m");

  /**
   * The JVM flags of every local run of a service (make run, the benchmarks): a 160 MiB heap (the
   * live set after a full GC is ~30 MiB; the rest is room for requests in flight under overload),
   * SerialGC (the right collector for one or two cores), and the caps above.
   */
  public static final List<String> LOCAL_JVM =
      java.util.stream.Stream.concat(
              java.util.stream.Stream.of("-Xms64m", "-Xmx160m", "-XX:+UseSerialGC"),
              MEMORY_CAPS.stream())
          .toList();

  /**
   * glibc's malloc arenas (by default 8 per core, each growing on its own) are a known source of
   * JVM RSS beyond what NMT reports; two are enough for a service whose native allocations are few.
   */
  public static final Map<String, String> MALLOC_ENV = Map.of("MALLOC_ARENA_MAX", "2");

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

  private final String name;
  private final Path jar;
  private final int port;
  private final int managementPort;
  private final Map<String, String> env;
  private final Path logFile;
  private final List<String> jvmArgs;
  private Process process;
  private long startedAtNanos;

  public ServiceProcess(
      String name,
      Path jar,
      int port,
      int managementPort,
      Map<String, String> env,
      Path logFile,
      List<String> jvmArgs) {
    this.name = name;
    this.jar = jar;
    this.port = port;
    this.managementPort = managementPort;
    this.env = env;
    this.logFile = logFile;
    this.jvmArgs = jvmArgs;
  }

  /** The packaged jar of a service in this repository. */
  public static Path jarOf(Path repoRoot, String service) {
    return repoRoot.resolve("apps").resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
  }

  public String name() {
    return name;
  }

  public int port() {
    return port;
  }

  public int managementPort() {
    return managementPort;
  }

  /** The API. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Health, metrics, the OpenAPI document and Swagger UI. */
  public String managementUrl() {
    return "http://127.0.0.1:" + managementPort;
  }

  public Path logFile() {
    return logFile;
  }

  public synchronized void start() throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IOException(jar + " is missing: build first (./mvnw package -DskipTests)");
    }
    for (int p : new int[] {port, managementPort}) {
      if (Ports.inUse(p)) {
        throw new IOException("port " + p + " for " + name + " is already in use");
      }
    }
    Files.createDirectories(logFile.getParent());
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(jvmArgs);
    cmd.add("-jar");
    cmd.add(jar.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    pb.environment().putAll(MALLOC_ENV);
    pb.environment().putAll(env);
    pb.environment().put("HTTP_PORT", Integer.toString(port));
    pb.environment().put("MANAGEMENT_PORT", Integer.toString(managementPort));
    startedAtNanos = System.nanoTime();
    process = pb.start();
  }

  /** Waits until /health/ready (management port) answers 200 and returns the time since start. */
  public Duration awaitReady(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create(managementUrl() + "/health/ready"))
            .timeout(Duration.ofSeconds(2))
            .build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            name + " exited with " + process.exitValue() + "; last log lines:\n" + tail(40));
      }
      try {
        if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return Duration.ofNanos(System.nanoTime() - startedAtNanos);
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IOException(name + " not ready after " + timeout + "; last log lines:\n" + tail(40));
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** Resident set size in MiB, read from /proc (Linux). */
  public long rssMib() {
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /** SIGTERM and wait: the graceful path a Kubernetes pod takes. */
  public synchronized void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /** SIGKILL: the crash path. */
  public synchronized void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor();
    }
  }

  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
