package io.kubeflowops.order.support;

import io.kubeflowops.devstack.testing.SqsResource;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Reads what order-service published to the real (ElasticMQ) queue. */
public final class Queue {
  private Queue() {}

  /** Receives and deletes every message currently on the queue. */
  public static List<Message> drain() {
    List<Message> out = new ArrayList<>();
    try (SqsClient sqs = SqsResource.current.client()) {
      String url = SqsResource.current.queueUrl();
      while (true) {
        List<Message> batch =
            sqs.receiveMessage(
                    b ->
                        b.queueUrl(url)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(0)
                            .messageAttributeNames("All"))
                .messages();
        if (batch.isEmpty()) {
          return out;
        }
        for (Message m : batch) {
          sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
        }
        out.addAll(batch);
      }
    }
  }
}
