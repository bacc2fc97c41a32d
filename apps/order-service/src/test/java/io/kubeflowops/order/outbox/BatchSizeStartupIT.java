package io.kubeflowops.order.outbox;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SQS takes at most 10 entries per SendMessageBatch and refuses a larger call as a whole, which the
 * relay would take for an outage on every batch. The packaged service refuses to start with a batch
 * size outside 1–10 and says why.
 */
class BatchSizeStartupIT {
  @ParameterizedTest
  @ValueSource(strings = {"11", "0"})
  void theServiceRefusesToStartWithABatchSizeSqsCannotTake(String size) throws Exception {
    Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
    assertTrue(Files.isRegularFile(jar), "the packaged service: " + jar.toAbsolutePath());
    Path log = Files.createTempFile(Path.of("target"), "batch-size-", ".log");
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder(java, "-jar", jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("OUTBOX_BATCH_SIZE", size);
    // Nothing it could reach: a service that got past its configuration would fail later, and
    // with another message.
    pb.environment().put("HTTP_PORT", "0");
    pb.environment().put("MANAGEMENT_PORT", "0");
    pb.environment().put("DB_URL", "jdbc:postgresql://127.0.0.1:1/none");
    pb.environment().put("LOG_JSON", "false");
    pb.environment().put("OTEL_TRACES_SAMPLER", "always_off");
    Process p = pb.directory(new File(".")).start();
    boolean exited = p.waitFor(120, TimeUnit.SECONDS);
    if (!exited) {
      p.destroyForcibly();
    }
    String out = Files.readString(log);
    assertTrue(exited, "the service should refuse to start, but it kept running:\n" + out);
    assertNotEquals(0, p.exitValue(), out);
    assertTrue(
        out.contains("outbox.batch-size") && out.contains("must be between 1 and 10"),
        "start-up names the setting and its range:\n" + out);
  }
}
