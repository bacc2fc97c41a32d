package io.kubeflowops.notification.consumer;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubeflowops.notification.testing.CapturedLogs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * How the batch delete reads SQS's answer, against a fake client (the ITs delete against a real
 * ElasticMQ).
 */
class OrderEventQueueTest {
  private final FakeSqs sqs = new FakeSqs();
  private final OrderEventQueue queue = new OrderEventQueue(sqs, TestSqsConfig.with(Map.of()));

  @Test
  void oneCallDeletesTheWholeBatchByIndex() {
    List<Message> done = messages(3);
    sqs.answer = r -> answer(List.of("0", "1", "2"), List.of());

    assertThat(queue.delete(done), is(empty()));

    assertThat(sqs.calls, hasSize(1));
    DeleteMessageBatchRequest call = sqs.calls.getFirst();
    assertEquals(TestSqsConfig.QUEUE_URL, call.queueUrl());
    assertEquals(
        List.of("0", "1", "2"),
        call.entries().stream().map(DeleteMessageBatchRequestEntry::id).toList());
    assertEquals(
        List.of("receipt-0", "receipt-1", "receipt-2"),
        call.entries().stream().map(DeleteMessageBatchRequestEntry::receiptHandle).toList());
  }

  @Test
  void aPartialFailureIsLoggedAndTheDeletedAreNotRetried() {
    List<Message> done = messages(4);
    sqs.answer = r -> answer(List.of("0", "2", "3"), List.of("1"));

    List<Message> notDeleted;
    try (CapturedLogs logs = new CapturedLogs(OrderEventQueue.class)) {
      notDeleted = queue.delete(done);

      assertThat(logs.lines(), hasSize(1));
      assertThat(
          logs.lines().getFirst(),
          containsString("could not delete message message-1, it will be redelivered"));
      assertThat(logs.lines().getFirst(), containsString("ReceiptHandleIsInvalid"));
    }
    assertThat(notDeleted, contains(done.get(1)));
    assertThat(sqs.calls, hasSize(1));
  }

  @Test
  void aFailedCallIsLoggedAndDoesNotThrow() {
    List<Message> done = messages(2);
    sqs.answer =
        r -> {
          throw SdkClientException.create("connection refused");
        };

    try (CapturedLogs logs = new CapturedLogs(OrderEventQueue.class)) {
      assertEquals(done, queue.delete(done));
      assertThat(
          logs.lines(),
          contains(
              "WARN could not delete 2 messages, they will be redelivered: connection refused"));
    }
  }

  @Test
  void nothingDoneMeansNoCall() {
    assertThat(queue.delete(List.of()), is(empty()));
    assertThat(sqs.calls, is(empty()));
  }

  private static List<Message> messages(int n) {
    return IntStream.range(0, n)
        .mapToObj(
            i -> Message.builder().messageId("message-" + i).receiptHandle("receipt-" + i).build())
        .toList();
  }

  private static DeleteMessageBatchResponse answer(List<String> deleted, List<String> failed) {
    return DeleteMessageBatchResponse.builder()
        .successful(
            deleted.stream()
                .map(id -> DeleteMessageBatchResultEntry.builder().id(id).build())
                .toList())
        .failed(
            failed.stream()
                .map(
                    id ->
                        BatchResultErrorEntry.builder()
                            .id(id)
                            .code("ReceiptHandleIsInvalid")
                            .message("The receipt handle has expired")
                            .senderFault(true)
                            .build())
                .toList())
        .build();
  }

  /** Answers only DeleteMessageBatch, as told; every other call fails the test. */
  private static final class FakeSqs implements SqsClient {
    final List<DeleteMessageBatchRequest> calls = new ArrayList<>();
    Function<DeleteMessageBatchRequest, DeleteMessageBatchResponse> answer;

    @Override
    public DeleteMessageBatchResponse deleteMessageBatch(DeleteMessageBatchRequest request) {
      calls.add(request);
      return answer.apply(request);
    }

    @Override
    public String serviceName() {
      return SERVICE_NAME;
    }

    @Override
    public void close() {}
  }
}
