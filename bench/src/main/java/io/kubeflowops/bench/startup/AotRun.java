package io.kubeflowops.bench.startup;

import io.kubeflowops.bench.Api;
import io.kubeflowops.bench.Platform;
import io.kubeflowops.bench.Results;
import io.kubeflowops.bench.Stats;
import io.kubeflowops.bench.Tuning;
import io.kubeflowops.devstack.Ports;
import io.kubeflowops.devstack.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The start-up experiment: ready time (process start → /health/ready 200) of an extra instance of
 * each service without an AOT cache, with the cache the image build trains and with one trained on
 * a run with real traffic; {@code repetitions} starts each, next to the running system.
 */
public final class AotRun {
  private final Platform platform;
  private final int repetitions;
  private final Consumer<String> log;
  private final String user;
  private final UUID someOrder;

  /** {@code user} and {@code someOrder}: an existing user and order for the training traffic. */
  public AotRun(
      Platform platform, int repetitions, String user, UUID someOrder, Consumer<String> log) {
    this.platform = platform;
    this.repetitions = repetitions;
    this.user = user;
    this.someOrder = someOrder;
    this.log = log;
  }

  public List<Results.Aot> run(Tuning baseline) throws Exception {
    List<Results.Aot> out = new ArrayList<>();
    for (String s : Platform.SERVICES) {
      out.add(aot(s, baseline));
    }
    return out;
  }

  /**
   * Ready time (process start → /health/ready 200) of an extra instance of a service, without and
   * with a JDK 25 AOT cache trained on a short run of that service on this machine.
   */
  private Results.Aot aot(String service, Tuning baseline) throws Exception {
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
      exercise(service, training);
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
          Stats.median(without),
          Stats.median(withImage),
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
        Stats.median(without),
        Stats.median(withImage),
        Stats.median(with),
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
    for (int r = 0; r < repetitions; r++) {
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
  private void exercise(String service, ServiceProcess process) throws Exception {
    String url = process.baseUrl();
    for (int i = 0; i < 20; i++) {
      switch (service) {
        case Platform.USERS -> {
          String id =
              Api.call(Api.createUser(url, "aot-" + UUID.randomUUID() + "@example.com"), 201)
                  .get("id")
                  .asText();
          Api.call(Api.get(url + "/users/" + id), 200);
          Api.call(Api.get(url + "/users?page=0&size=5"), 200);
        }
        case Platform.ORDERS -> {
          String id = Api.call(Api.createOrder(url, user), 201).get("id").asText();
          Api.call(Api.get(url + "/orders/" + id), 200);
          Api.call(Api.get(url + "/orders?userId=" + user + "&size=5"), 200);
        }
        default -> Api.call(Api.get(url + "/notifications?orderId=" + someOrder), 200);
      }
      Api.text(Api.operations(process.managementUrl() + "/health/ready"), 200);
      Api.text(Api.operations(process.managementUrl() + "/metrics"), 200);
    }
  }
}
