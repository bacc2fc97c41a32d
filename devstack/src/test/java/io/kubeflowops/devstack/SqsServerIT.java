package io.kubeflowops.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The stack's ElasticMQ is durable like SQS: stopped and started again on the same port and data
 * directory, it still holds every message, in-flight ones included, each message's receive count,
 * the redrive policy, and what the redrive moved.
 */
class SqsServerIT {
  private static final int VISIBILITY_TIMEOUT_SECONDS = 2;

  @TempDir Path work;

  private SqsServer sqs;

  @AfterEach
  void stop() {
    if (sqs != null) {
      sqs.stop();
    }
  }

  @Test
  void everyMessageIsStillThereAfterARestartOnTheSamePort() throws Exception {
    sqs = Stack.onFreePorts(work, VISIBILITY_TIMEOUT_SECONDS, true).sqs;
    sqs.start();
    Set<String> sent = new HashSet<>();
    try (SqsClient client = sqs.client()) {
      for (int i = 0; i < 40; i++) {
        String body = "order-" + i;
        client.sendMessage(b -> b.queueUrl(sqs.queueUrl()).messageBody(body));
        sent.add(body);
      }
      // One message is in flight (received, not deleted) when the server stops, like a batch a
      // consumer holds: it must come back once its visibility timeout has passed.
      assertEquals(1, receive(client, sqs.queueUrl(), 1, 1).size());
    }

    sqs.stop();
    sqs.start();

    Set<String> received = new HashSet<>();
    try (SqsClient client = sqs.client()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (received.size() < sent.size() && System.nanoTime() < deadline) {
        for (Message m : receive(client, sqs.queueUrl(), 10, 1)) {
          received.add(m.body());
          client.deleteMessage(b -> b.queueUrl(sqs.queueUrl()).receiptHandle(m.receiptHandle()));
        }
      }
    }
    assertEquals(sent, received, "messages after the restart");
  }

  @Test
  void receiveCountsAndTheRedrivePolicySurviveARestart() throws Exception {
    sqs = Stack.onFreePorts(work, VISIBILITY_TIMEOUT_SECONDS, true).sqs;
    sqs.start();
    int before = 3;
    try (SqsClient client = sqs.client()) {
      client.sendMessage(b -> b.queueUrl(sqs.queueUrl()).messageBody("poison"));
      for (int i = 0; i < before; i++) {
        assertEquals(1, receiveAgainAtOnce(client).size(), "receive " + (i + 1));
      }
    }

    sqs.stop();
    sqs.start();

    try (SqsClient client = sqs.client()) {
      int after = 0;
      List<Message> inDlq = List.of();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (inDlq.isEmpty() && System.nanoTime() < deadline) {
        after += receiveAgainAtOnce(client).size();
        inDlq = receive(client, sqs.dlqUrl(), 1, 0);
      }
      assertEquals(1, inDlq.size(), "the message reached the DLQ");
      assertEquals("poison", inDlq.get(0).body());
      assertEquals(
          SqsServer.MAX_RECEIVE_COUNT,
          before + after,
          "receives before the DLQ, counted across the restart");
    }

    // The receive that moved it was a long poll that then waited: the move must be stored too, or
    // the next start finds the message in both queues.
    sqs.stop();
    sqs.start();

    try (SqsClient client = sqs.client()) {
      assertEquals(0, depth(client, sqs.queueUrl()), "order-events after the second restart");
      assertEquals(1, depth(client, sqs.dlqUrl()), "order-events-dlq after the second restart");
      client.sendMessage(b -> b.queueUrl(sqs.queueUrl()).messageBody("still stored"));
    }
    sqs.stop();
    sqs.start();
    try (SqsClient client = sqs.client()) {
      assertEquals(
          List.of("still stored"),
          receive(client, sqs.queueUrl(), 10, 1).stream().map(Message::body).toList());
    }
  }

  /**
   * A long poll on the main queue, as a consumer does, with a zero visibility timeout: the message
   * is visible again at once.
   */
  private List<Message> receiveAgainAtOnce(SqsClient client) {
    return client
        .receiveMessage(
            b ->
                b.queueUrl(sqs.queueUrl())
                    .maxNumberOfMessages(1)
                    .visibilityTimeout(0)
                    .waitTimeSeconds(1))
        .messages();
  }

  private static int depth(SqsClient client, String queueUrl) {
    Map<QueueAttributeName, String> a =
        client
            .getQueueAttributes(
                b ->
                    b.queueUrl(queueUrl)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  private static List<Message> receive(
      SqsClient client, String queueUrl, int max, int waitSeconds) {
    return new ArrayList<>(
        client
            .receiveMessage(
                b -> b.queueUrl(queueUrl).maxNumberOfMessages(max).waitTimeSeconds(waitSeconds))
            .messages());
  }
}
