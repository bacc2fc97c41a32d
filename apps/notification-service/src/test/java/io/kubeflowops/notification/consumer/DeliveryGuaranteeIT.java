package io.kubeflowops.notification.consumer;

import static io.kubeflowops.devstack.testing.OidcResource.asAdmin;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
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
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Claim → send → record, at least once: each test breaks one step on a real Redis, PostgreSQL and
 * Mailpit and counts the mails the customer really got. A failure before the durable record means a
 * resend, never silence; a lost Redis marker or a busy claim never means a second mail.
 */
@QuarkusTest
@WithTestResource(OidcResource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(MailpitResource.class)
@WithTestResource(SqsResource.class)
class DeliveryGuaranteeIT {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static TestQueue queue;

  @Inject MeterRegistry registry;
  @Inject RedisDataSource redis;
  @Inject AgroalDataSource db;
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
  void aFailedRecordAfterTheSendMeansAResendNeverSilence() throws SQLException {
    UUID eventId = UUID.randomUUID();
    UUID orderId = UUID.randomUUID();
    // The first INSERT of this event's record fails, as if the process died after the mail server
    // accepted the mail and before PostgreSQL committed: the redelivery must send it again.
    failFirstRecordOf(eventId);

    queue.send(TestEvents.orderCreated(eventId, orderId), TestEvents.traceparent());

    mailbox.await(TestEvents.address(orderId), 2, PATIENCE);
    await().atMost(PATIENCE).until(() -> records(orderId) == 1);
    await().atMost(PATIENCE).until(() -> queue.inQueue() == 0);
    assertEquals(2, mailbox.count(TestEvents.address(orderId)), "one send, one resend");
    assertEquals(1, records(orderId));
  }

  @Test
  void aLostDoneMarkerDoesNotSendAgain() {
    double duplicatesBefore = counter("notifications.duplicate");
    UUID eventId = UUID.randomUUID();
    UUID orderId = UUID.randomUUID();
    String event = TestEvents.orderCreated(eventId, orderId);
    queue.send(event, TestEvents.traceparent());
    mailbox.await(TestEvents.address(orderId), 1, PATIENCE);
    await().atMost(PATIENCE).until(() -> redis.key(String.class).exists("notif:" + eventId));

    // Redis loses the marker (eviction, a failover to an empty replica); SQS redelivers.
    redis.key(String.class).del("notif:" + eventId);
    queue.send(event, TestEvents.traceparent());

    await()
        .atMost(PATIENCE)
        .until(() -> counter("notifications.duplicate") == duplicatesBefore + 1);
    await().atMost(PATIENCE).until(() -> queue.inQueue() == 0);
    assertEquals(1, mailbox.count(TestEvents.address(orderId)));
    // The durable record restored the marker.
    assertEquals(true, redis.key(String.class).exists("notif:" + eventId));
  }

  @Test
  void anEventClaimedByAnotherConsumerWaitsAndIsSentOnce() throws SQLException {
    double busyBefore = counter("notifications.claim.busy");
    UUID eventId = UUID.randomUUID();
    UUID orderId = UUID.randomUUID();
    // Another consumer holds the claim (2 s in the test profile) and then dies without a word.
    redis
        .value(String.class)
        .set(
            "notif-claim:" + eventId,
            "another-consumer",
            new io.quarkus.redis.datasource.value.SetArgs().px(Duration.ofSeconds(2)));

    queue.send(TestEvents.orderCreated(eventId, orderId), TestEvents.traceparent());

    mailbox.await(TestEvents.address(orderId), 1, PATIENCE);
    await().atMost(PATIENCE).until(() -> queue.inQueue() == 0);
    assertEquals(true, counter("notifications.claim.busy") > busyBefore);
    assertEquals(1, mailbox.count(TestEvents.address(orderId)));
    assertEquals(1, records(orderId));
  }

  @Test
  void copiesOfOneEventDeliveredAtOnceGiveOneMail() throws SQLException {
    UUID eventId = UUID.randomUUID();
    UUID orderId = UUID.randomUUID();
    String event = TestEvents.orderCreated(eventId, orderId);
    // The outbox publishes at least once: copies may arrive together at different poll loops.
    List<Thread> senders = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      senders.add(Thread.ofVirtual().start(() -> queue.send(event, TestEvents.traceparent())));
    }
    senders.forEach(
        t -> {
          try {
            t.join();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });

    mailbox.await(TestEvents.address(orderId), 1, PATIENCE);
    await().atMost(PATIENCE).until(() -> queue.inQueue() == 0);
    assertEquals(1, mailbox.count(TestEvents.address(orderId)));
    assertEquals(1, records(orderId));
    asAdmin()
        .queryParam("orderId", orderId.toString())
        .get("/notifications")
        .then()
        .statusCode(200)
        .body("items", hasSize(1));
  }

  @Test
  void anEventWithoutAnAddressEndsInTheDlqUnsent() throws SQLException {
    queue.drainDlq();
    UUID orderId = UUID.randomUUID();
    String noAddress =
        TestEvents.orderCreated(UUID.randomUUID(), orderId)
            .replace(",\"customerEmail\":\"" + TestEvents.address(orderId) + "\"", "");

    queue.send(noAddress, TestEvents.traceparent());

    List<String> dlq = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(45))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              dlq.addAll(queue.drainDlq());
              return !dlq.isEmpty();
            });
    assertEquals(List.of(noAddress), dlq);
    assertEquals(0, records(orderId));
    assertEquals(0, mailbox.count(TestEvents.address(orderId)));
  }

  private void failFirstRecordOf(UUID eventId) throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      // A sequence, because the trigger's own writes roll back with the failed INSERT.
      s.execute("DROP SEQUENCE IF EXISTS public.fail_once_attempts");
      s.execute("CREATE SEQUENCE public.fail_once_attempts");
      s.execute(
          """
          CREATE OR REPLACE FUNCTION public.fail_once() RETURNS trigger AS $$
          BEGIN
            IF NEW.event_id = '%s' AND nextval('public.fail_once_attempts') = 1 THEN
              RAISE EXCEPTION 'injected: the record of %% fails once', NEW.event_id;
            END IF;
            RETURN NEW;
          END $$ LANGUAGE plpgsql"""
              .formatted(eventId));
      s.execute(
          "CREATE OR REPLACE TRIGGER fail_once BEFORE INSERT ON notifications.notifications"
              + " FOR EACH ROW EXECUTE FUNCTION public.fail_once()");
    }
  }

  private long records(UUID orderId) throws SQLException {
    try (Connection c = db.getConnection();
        var ps =
            c.prepareStatement(
                "SELECT count(*) FROM notifications.notifications WHERE order_id = ?")) {
      ps.setObject(1, orderId);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private double counter(String name) {
    return registry.get(name).counter().count();
  }
}
