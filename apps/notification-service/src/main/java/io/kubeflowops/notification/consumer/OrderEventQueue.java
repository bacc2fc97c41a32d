package io.kubeflowops.notification.consumer;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
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
   * Deletes a handled message. A failure is only logged: the message comes back and is then a
   * duplicate.
   */
  void delete(Message m) {
    try {
      sqs.deleteMessage(b -> b.queueUrl(config.queueUrl()).receiptHandle(m.receiptHandle()));
    } catch (SdkException e) {
      LOG.warnf(
          "could not delete message %s, it will be redelivered: %s", m.messageId(), e.getMessage());
    }
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
