package io.kubeflowops.notification.consumer;

import static io.kubeflowops.devstack.testing.OidcResource.asAdmin;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubeflowops.devstack.testing.InjectMailbox;
import io.kubeflowops.devstack.testing.Mailbox;
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
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The consumer against a real ElasticMQ (queue + DLQ, redrive after 5 receives) and a real Redis.
 */
@QuarkusTest
@WithTestResource(OidcResource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(MailpitResource.class)
@WithTestResource(SqsResource.class)
class OrderEventConsumerIT {
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static TestQueue queue;

  @Inject MeterRegistry registry;
  @InjectMailbox Mailbox mailbox;

  @BeforeAll
  static void connect() {
    queue = new TestQueue();
  }

  @AfterAll
  static void disconnect() {
    queue.close();
  }

  @Test
  void validEventIsRecordedOnceAndDeleted() {
    double sentBefore = counter("notifications.sent");
    long lagBefore = registry.get("notification.lag").timer().count();
    UUID eventId = UUID.randomUUID();
    UUID orderId = UUID.randomUUID();
    Instant occurredAt = Instant.parse("2026-01-02T03:04:05.678Z");
    String traceparent = TestEvents.traceparent();

    queue.send(TestEvents.orderCreated(eventId, orderId, occurredAt), traceparent);

    await().atMost(PATIENCE).until(() -> notifications(orderId).getList("items").size() == 1);
    JsonPath n = notifications(orderId).setRootPath("items[0]");
    assertEquals(eventId.toString(), n.getString("eventId"));
    assertEquals(orderId.toString(), n.getString("orderId"));
    UUID.fromString(n.getString("notificationId"));
    UUID.fromString(n.getString("userId"));
    assertEquals("email", n.getString("channel"));
    assertThat(n.getString("message"), containsString(orderId + " was received: total 42.50 EUR"));
    assertEquals(42.5, n.getDouble("total"));
    assertEquals("EUR", n.getString("currency"));
    assertEquals(occurredAt, Instant.parse(n.getString("occurredAt")));
    assertThat(Instant.parse(n.getString("sentAt")), greaterThan(occurredAt));
    assertEquals(TestEvents.traceId(traceparent), n.getString("traceId"));

    var mails = mailbox.await(TestEvents.address(orderId), 1, PATIENCE);
    assertEquals(1, mails.size());
    assertEquals("Your order " + orderId + " was received", mails.getFirst().subject());
    assertThat(mails.getFirst().text(), containsString("Total: 42.50 EUR"));
    assertThat(mails.getFirst().text(), containsString("2 x BOOK-1 at 10.25 EUR"));

    await().atMost(PATIENCE).until(() -> queue.inQueue() == 0);
    assertEquals(sentBefore + 1, counter("notifications.sent"));
    assertEquals(lagBefore + 1, registry.get("notification.lag").timer().count());
  }

  @Test
  void sameEventTwiceGivesOneNotification() {
    double sentBefore = counter("notifications.sent");
    double duplicatesBefore = counter("notifications.duplicate");
    UUID eventId = UUID.randomUUID();
    UUID orderId = UUID.randomUUID();
    String event = TestEvents.orderCreated(eventId, orderId);

    queue.send(event, TestEvents.traceparent());
    queue.send(event, TestEvents.traceparent());

    await()
        .atMost(PATIENCE)
        .until(() -> counter("notifications.duplicate") == duplicatesBefore + 1);
    await().atMost(PATIENCE).until(() -> queue.inQueue() == 0);
    asAdmin()
        .queryParam("orderId", orderId.toString())
        .get("/notifications")
        .then()
        .statusCode(200)
        .body("items", hasSize(1))
        .body("items[0].eventId", equalTo(eventId.toString()));
    assertEquals(sentBefore + 1, counter("notifications.sent"));
    assertEquals(1, mailbox.count(TestEvents.address(orderId)));
  }

  @Test
  void poisonMessagesAreNeverRecordedAndEndInTheDlq() {
    queue.drainDlq();
    double sentBefore = counter("notifications.sent");
    UUID orderId = UUID.randomUUID();
    String notJson = "not json " + UUID.randomUUID();
    String wrongVersion =
        TestEvents.orderCreated(UUID.randomUUID(), orderId)
            .replace("\"eventVersion\":1", "\"eventVersion\":2");

    queue.send(notJson, TestEvents.traceparent());
    queue.send(wrongVersion, TestEvents.traceparent());

    // Five receives, each followed by a 1 s backoff (test config), then SQS moves them to the DLQ.
    var dlq = new java.util.ArrayList<String>();
    await()
        .atMost(Duration.ofSeconds(45))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              dlq.addAll(queue.drainDlq());
              return dlq.size() >= 2;
            });
    assertThat(dlq, containsInAnyOrder(notJson, wrongVersion));
    assertEquals(0, queue.inQueue());
    asAdmin()
        .queryParam("orderId", orderId.toString())
        .get("/notifications")
        .then()
        .statusCode(200)
        .body("items", hasSize(0));
    assertEquals(sentBefore, counter("notifications.sent"));
  }

  private double counter(String name) {
    return registry.get(name).counter().count();
  }

  private static JsonPath notifications(UUID orderId) {
    return asAdmin()
        .queryParam("orderId", orderId.toString())
        .get("/notifications")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }
}
