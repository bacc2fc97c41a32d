package io.kubeflowops.order.outbox;

import static io.kubeflowops.devstack.testing.OidcResource.asAdmin;
import static io.kubeflowops.order.support.Orders.knownUser;
import static io.kubeflowops.order.support.Orders.oneItem;
import static io.kubeflowops.order.support.Orders.order;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.kubeflowops.order.support.Metrics;
import io.kubeflowops.order.support.OrderStack;
import io.kubeflowops.order.support.Queue;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * An event SQS refuses (ElasticMQ, like SQS, refuses a message attribute with an empty value, and
 * only that entry of the batch) is retried, counted and recorded; after {@code
 * outbox.park-after-rejections} refusals it is parked, and the events behind it keep flowing.
 */
@QuarkusTest
@OrderStack
class RefusedEventIT {
  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Inject Outbox outbox;
  @Inject OutboxConfig config;
  @Inject AgroalDataSource db;

  @Test
  void aRefusedEventIsCountedParkedAfterNRefusalsAndLaterEventsStillPublish() throws Exception {
    Queue.drain();
    double rejectedBefore =
        Metrics.value(management, "outbox_publish_failures_total{reason=\"rejected\"}");
    // An empty traceparent becomes a message attribute with an empty value: SQS refuses the entry.
    // It is the oldest pending event, at the head of the outbox.
    UUID poison = OutboxEvents.add(outbox, 1, Instant.parse("2001-01-01T00:00:00Z"), "").get(0);
    String before = placeOrder();

    List<Message> seen = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> row(poison).get("parked_at") != null);
    Map<String, Object> parked = row(poison);
    int n = config.parkAfterRejections();
    assertEquals("PARKED", parked.get("status"));
    assertEquals(n, parked.get("rejections"), "parked after exactly N refusals");
    assertEquals(n, parked.get("attempts"));
    assertTrue(
        String.valueOf(parked.get("last_error")).startsWith("InvalidAttributeValue: "),
        "SQS's reason is recorded: " + parked.get("last_error"));
    assertTrue(
        Metrics.value(management, "outbox_publish_failures_total{reason=\"rejected\"}")
            >= rejectedBefore + n,
        "every refusal is counted");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Metrics.value(management, "outbox_parked") >= 1);

    // The relay has moved past it: a later order's event is published, the parked one is not
    // retried (its count stays), and it was never published.
    String after = placeOrder();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              seen.addAll(Queue.drain());
              return contains(seen, before) && contains(seen, after);
            });
    Thread.sleep(config.pollInterval().toMillis() * 2);
    assertEquals(n, row(poison).get("rejections"), "a parked event is not retried");
    seen.addAll(Queue.drain());
    assertFalse(contains(seen, poison.toString()), "the refused event never reached the queue");
    // Parked is not pending: the backlog alerts do not see it (OrderOutboxEventsParked does).
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Metrics.value(management, "outbox_pending") == 0.0);
  }

  private static boolean contains(List<Message> messages, String id) {
    return messages.stream().anyMatch(m -> m.body().contains(id));
  }

  private static String placeOrder() {
    return asAdmin()
        .contentType(ContentType.JSON)
        .body(order(knownUser(), oneItem()))
        .post("/orders")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private Map<String, Object> row(UUID id) throws Exception {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT status, attempts, rejections, last_error, parked_at FROM orders.outbox WHERE id = ?")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "the event is still in the outbox");
        Map<String, Object> out = new java.util.HashMap<>();
        out.put("status", rs.getString(1));
        out.put("attempts", rs.getInt(2));
        out.put("rejections", rs.getInt(3));
        out.put("last_error", rs.getString(4));
        out.put("parked_at", rs.getTimestamp(5));
        assertNotNull(out.get("status"));
        return out;
      }
    }
  }
}
