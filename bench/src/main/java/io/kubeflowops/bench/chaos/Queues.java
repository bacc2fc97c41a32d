package io.kubeflowops.bench.chaos;

import io.kubeflowops.bench.Platform;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Queue depths, read from ElasticMQ directly (not through the fault link). */
final class Queues {
  private final Platform platform;

  Queues(Platform platform) {
    this.platform = platform;
  }

  /** Visible and in-flight messages of the order-events queue, or {"error": ...}. */
  Map<String, String> main() {
    return depth(platform.stack.sqs.queueUrl());
  }

  Map<String, String> deadLetters() {
    return depth(platform.stack.sqs.dlqUrl());
  }

  /** Messages in a queue, visible or not; -1 if the depth could not be read. */
  static int total(Map<String, String> depth) {
    try {
      return Integer.parseInt(depth.get("ApproximateNumberOfMessages"))
          + Integer.parseInt(depth.get("ApproximateNumberOfMessagesNotVisible"));
    } catch (RuntimeException unreadable) {
      return -1;
    }
  }

  static int inFlight(Map<String, String> depth) {
    try {
      return Integer.parseInt(depth.get("ApproximateNumberOfMessagesNotVisible"));
    } catch (RuntimeException unreadable) {
      return -1;
    }
  }

  private Map<String, String> depth(String queueUrl) {
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
}
