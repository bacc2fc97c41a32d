package io.kubeflowops.devstack.testing;

import io.kubeflowops.devstack.Ports;
import io.kubeflowops.devstack.SqsServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A real SQS-compatible server (ElasticMQ) with the queue and its DLQ, for a {@code @QuarkusTest}.
 */
public final class SqsResource implements QuarkusTestResourceLifecycleManager {
  /** The running server, so a test can read the queues directly. */
  public static volatile SqsServer current;

  private SqsServer sqs;

  @Override
  public Map<String, String> start() {
    sqs = new SqsServer(Ports.free(), 2);
    try {
      sqs.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    current = sqs;
    return Map.of(
        "sqs.endpoint", sqs.endpointUrl(),
        "sqs.queue-url", sqs.queueUrl(),
        "sqs.region", SqsServer.REGION);
  }

  @Override
  public void stop() {
    sqs.stop();
    current = null;
  }
}
