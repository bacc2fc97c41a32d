package io.kubeflowops.notification.consumer;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The order-events queue: the four SQS calls the consumer makes, each with a timeout. */
@ApplicationScoped
class OrderEventQueue {
  private static final Logger LOG = Logger.getLogger(OrderEventQueue.class);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private final SqsClient sqs;
  private final SqsConfig config;

  OrderEventQueue(SqsClient sqs, SqsConfig config) {
    this.sqs = sqs;
    this.config = config;
  }

  /**
   * Long-polls for the next batch, with the attributes processing needs (receive count, trace
   * context).
   */
  @SuppressWarnings(
      "deprecation") // attributeNames: SQS-compatible servers may not know the newer field yet
  List<Message> receive() {
    return sqs.receiveMessage(
            b ->
                b.queueUrl(config.queueUrl())
                    .maxNumberOfMessages(config.maxMessages())
                    .waitTimeSeconds((int) config.waitTime().toSeconds())
                    .messageAttributeNames("All")
                    .messageSystemAttributeNames(
                        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                    .attributeNamesWithStrings(
                        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT.toString())
                    .overrideConfiguration(
                        o -> o.apiCallTimeout(config.waitTime().plus(config.callTimeout()))))
        .messages();
  }

  /**
   * Deletes the messages of a batch that are done with, in one DeleteMessageBatch call (a batch
   * holds at most ten, the call's limit). A failure is only logged: the message comes back and is
   * then a duplicate. Returns the messages that were not deleted.
   */
  List<Message> delete(List<Message> done) {
    if (done.isEmpty()) {
      return List.of();
    }
    Map<String, Message> byId = new LinkedHashMap<>();
    List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(done.size());
    for (int i = 0; i < done.size(); i++) {
      String id = Integer.toString(i);
      byId.put(id, done.get(i));
      entries.add(
          DeleteMessageBatchRequestEntry.builder()
              .id(id)
              .receiptHandle(done.get(i).receiptHandle())
              .build());
    }
    DeleteMessageBatchResponse response;
    try {
      response = sqs.deleteMessageBatch(b -> b.queueUrl(config.queueUrl()).entries(entries));
    } catch (SdkException e) {
      LOG.warnf(
          "could not delete %d messages, they will be redelivered: %s",
          done.size(), e.getMessage());
      return done;
    }
    List<Message> notDeleted = new ArrayList<>();
    for (BatchResultErrorEntry failure : response.failed()) {
      Message m = byId.get(failure.id());
      LOG.warnf(
          "could not delete message %s, it will be redelivered: %s %s",
          m == null ? "with entry id " + failure.id() : m.messageId(),
          failure.code(),
          failure.message());
      if (m != null) {
        notDeleted.add(m);
      }
    }
    return notDeleted;
  }

  /**
   * Hides a failed message for the delay; if that fails, the queue's own visibility timeout
   * applies.
   */
  void retryLater(Message m, int delaySeconds) {
    try {
      sqs.changeMessageVisibility(
          b ->
              b.queueUrl(config.queueUrl())
                  .receiptHandle(m.receiptHandle())
                  .visibilityTimeout(delaySeconds));
    } catch (SdkException e) {
      LOG.warnf("could not delay message %s: %s", m.messageId(), e.getMessage());
    }
  }

  /** True if the queue answers within a short timeout (readiness). */
  boolean reachable() {
    try {
      sqs.getQueueAttributes(
          b ->
              b.queueUrl(config.queueUrl())
                  .attributeNames(QueueAttributeName.QUEUE_ARN)
                  .overrideConfiguration(o -> o.apiCallTimeout(PROBE_TIMEOUT)));
      return true;
    } catch (SdkException e) {
      return false;
    }
  }
}
