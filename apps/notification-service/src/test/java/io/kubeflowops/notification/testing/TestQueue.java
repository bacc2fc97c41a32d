package io.kubeflowops.notification.testing;

import io.kubeflowops.devstack.testing.SqsResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The test's side of the real (ElasticMQ) queues: publish like order-service does, and look inside.
 */
public final class TestQueue implements AutoCloseable {
  private final SqsClient sqs = SqsResource.current.client();

  public void send(String body, String traceparent) {
    Map<String, MessageAttributeValue> attributes =
        Map.of(
            "eventType", text("order.created"),
            "traceparent", text(traceparent));
    sqs.sendMessage(
        b ->
            b.queueUrl(SqsResource.current.queueUrl())
                .messageBody(body)
                .messageAttributes(attributes));
  }

  /** Messages still in the queue, visible or in flight. */
  public int inQueue() {
    var attrs =
        sqs.getQueueAttributes(
                b ->
                    b.queueUrl(SqsResource.current.queueUrl())
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
            .attributes();
    return attrs.values().stream().mapToInt(Integer::parseInt).sum();
  }

  /**
   * Receives one message, reads how often it has been received (this receive included) and makes it
   * visible again at once. Only meaningful while nothing else is consuming.
   */
  @SuppressWarnings("deprecation") // attributeNames: ElasticMQ answers the older field
  public int peekReceiveCount() {
    String url = SqsResource.current.queueUrl();
    Message m =
        sqs.receiveMessage(
                b ->
                    b.queueUrl(url)
                        .maxNumberOfMessages(1)
                        .waitTimeSeconds(1)
                        .attributeNamesWithStrings("ApproximateReceiveCount"))
            .messages()
            .getFirst();
    sqs.changeMessageVisibility(
        b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
    return Integer.parseInt(m.attributesAsStrings().get("ApproximateReceiveCount"));
  }

  /** Receives (and deletes) what the dead-letter queue holds right now. */
  public List<String> drainDlq() {
    List<String> bodies = new ArrayList<>();
    List<Message> batch;
    do {
      batch =
          sqs.receiveMessage(
                  b ->
                      b.queueUrl(SqsResource.current.dlqUrl())
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(0))
              .messages();
      for (Message m : batch) {
        bodies.add(m.body());
        sqs.deleteMessage(
            b -> b.queueUrl(SqsResource.current.dlqUrl()).receiptHandle(m.receiptHandle()));
      }
    } while (!batch.isEmpty());
    return bodies;
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  @Override
  public void close() {
    sqs.close();
  }
}
