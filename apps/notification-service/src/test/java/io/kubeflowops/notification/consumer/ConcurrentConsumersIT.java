package io.kubeflowops.notification.consumer;

import static io.kubeflowops.devstack.testing.OidcResource.asAdmin;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubeflowops.devstack.testing.MailpitResource;
import io.kubeflowops.devstack.testing.OidcResource;
import io.kubeflowops.devstack.testing.PostgresResource;
import io.kubeflowops.devstack.testing.RedisResource;
import io.kubeflowops.devstack.testing.SqsResource;
import io.kubeflowops.notification.testing.TestEvents;
import io.kubeflowops.notification.testing.TestQueue;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several poll loops against a real ElasticMQ and Redis: every event is handled exactly once and
 * the batch deletes really remove the messages. The queue's visibility timeout is 2 s here, so a
 * message that was not deleted comes back quickly and, after five receives, lands in the DLQ.
 */
@QuarkusTest
@WithTestResource(OidcResource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(MailpitResource.class)
@WithTestResource(SqsResource.class)
class ConcurrentConsumersIT {
  private static final Duration PATIENCE = Duration.ofSeconds(40);
  private static TestQueue queue;

  @Inject MeterRegistry registry;
  @Inject OrderEventConsumer consumer;

  @BeforeAll
  static void connect() {
    queue = new TestQueue();
  }

  @AfterAll
  static void disconnect() {
    queue.close();
  }

  @Test
  void theDefaultIsFourNamedPollLoops() {
    assertEquals(
        List.of(
            "order-events-consumer-1",
            "order-events-consumer-2",
            "order-events-consumer-3",
            "order-events-consumer-4"),
        consumer.liveLoops());
  }

  @Test
  void manyDistinctEventsAreEachNotifiedOnceAndLeaveTheQueueEmpty() throws Exception {
    int n = 200;
    queue.drainDlq();
    double sentBefore = counter("notifications.sent");
    List<UUID> orders = IntStream.range(0, n).mapToObj(i -> UUID.randomUUID()).toList();
    List<UUID> events = IntStream.range(0, n).mapToObj(i -> UUID.randomUUID()).toList();

    concurrently(
        8,
        IntStream.range(0, n)
            .<Runnable>mapToObj(
                i ->
                    () ->
                        queue.send(
                            TestEvents.orderCreated(events.get(i), orders.get(i)),
                            TestEvents.traceparent()))
            .toList());

    await().atMost(PATIENCE).until(() -> counter("notifications.sent") >= sentBefore + n);
    // Messages that were handled but not deleted would stay in flight, come back and end in the
    // DLQ; deleted ones are gone for good.
    await().atMost(PATIENCE).until(() -> queue.inQueue() == 0);
    assertThat("nothing dead-lettered", queue.drainDlq(), is(empty()));
    assertEquals(sentBefore + n, counter("notifications.sent"));
    for (int i = 0; i < n; i++) {
      asAdmin()
          .queryParam("orderId", orders.get(i).toString())
          .get("/notifications")
          .then()
          .statusCode(200)
          .body("items", hasSize(1))
          .body("items[0].eventId", equalTo(events.get(i).toString()));
    }
  }

  @Test
  void theSameEventSentConcurrentlyGivesOneNotification() throws Exception {
    int copies = 8;
    queue.drainDlq();
    double sentBefore = counter("notifications.sent");
    double duplicatesBefore = counter("notifications.duplicate");
    UUID eventId = UUID.randomUUID();
    UUID orderId = UUID.randomUUID();
    String event = TestEvents.orderCreated(eventId, orderId);

    concurrently(
        copies,
        IntStream.range(0, copies)
            .<Runnable>mapToObj(i -> () -> queue.send(event, TestEvents.traceparent()))
            .toList());

    await()
        .atMost(PATIENCE)
        .until(() -> counter("notifications.duplicate") >= duplicatesBefore + copies - 1);
    await().atMost(PATIENCE).until(() -> queue.inQueue() == 0);
    assertThat("duplicates are deleted, not dead-lettered", queue.drainDlq(), is(empty()));
    asAdmin()
        .queryParam("orderId", orderId.toString())
        .get("/notifications")
        .then()
        .statusCode(200)
        .body("items", hasSize(1))
        .body("items[0].eventId", equalTo(eventId.toString()));
    assertEquals(sentBefore + 1, counter("notifications.sent"));
    assertThat(
        counter("notifications.duplicate") - duplicatesBefore,
        greaterThanOrEqualTo((double) copies - 1));
  }

  private double counter(String name) {
    return registry.get(name).counter().count();
  }

  private static void concurrently(int threads, List<Runnable> tasks) throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (var f : pool.invokeAll(tasks.stream().map(Executors::callable).toList())) {
        f.get(); // rethrows a failed send
      }
    }
  }
}
