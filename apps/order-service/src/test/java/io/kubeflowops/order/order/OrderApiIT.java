package io.kubeflowops.order.order;

import static io.kubeflowops.devstack.testing.OidcResource.asAdmin;
import static io.kubeflowops.order.support.Orders.knownUser;
import static io.kubeflowops.order.support.Orders.oneItem;
import static io.kubeflowops.order.support.Orders.order;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubeflowops.devstack.testing.Contracts;
import io.kubeflowops.order.support.OrderStack;
import io.kubeflowops.order.support.Queue;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

@QuarkusTest
@OrderStack
class OrderApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  static String create(UUID userId) {
    return asAdmin()
        .contentType(ContentType.JSON)
        .body(order(userId, oneItem()))
        .post("/orders")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  @Test
  void createdOrderIsStoredAndItsEventReachesTheQueueValidAgainstTheContract() throws Exception {
    UUID user = knownUser();
    List<Map<String, Object>> items =
        List.of(
            Map.of("sku", "BOOK-42", "quantity", 3, "unitPrice", 12.50),
            Map.of("sku", "PEN-1", "quantity", 1, "unitPrice", 0.99));
    String id =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(order(user, items))
            .post("/orders")
            .then()
            .statusCode(201)
            .header("Location", matchesPattern(".*/orders/[0-9a-f-]{36}"))
            .body("status", equalTo("CREATED"))
            .body("total", equalTo(38.49f))
            .body("items", hasSize(2))
            .extract()
            .path("id");

    asAdmin().get("/orders/" + id).then().statusCode(200).body("userId", equalTo(user.toString()));
    asAdmin()
        .queryParam("userId", user)
        .get("/orders")
        .then()
        .body("total", equalTo(1))
        .body("items[0].id", equalTo(id));

    List<Message> received = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> {
              received.addAll(Queue.drain());
              return received.stream().anyMatch(m -> m.body().contains(id));
            });
    Message m = received.stream().filter(x -> x.body().contains(id)).findFirst().orElseThrow();
    JsonNode event = JSON.readTree(m.body());
    assertEquals(
        java.util.Set.of(),
        Contracts.orderCreatedV1().validate(event),
        "event must match contracts/order-created.v1");
    assertEquals("order.created", event.get("eventType").asText());
    assertEquals(id, event.get("orderId").asText());
    assertEquals(0, event.get("total").decimalValue().compareTo(new java.math.BigDecimal("38.49")));
    assertNotNull(
        m.messageAttributes().get("traceparent"), "trace context travels with the message");
    assertTrue(
        m.messageAttributes()
            .get("traceparent")
            .stringValue()
            .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"));
  }

  @Test
  void unknownUserIs422AndWritesNothing() {
    long before = count();
    asAdmin()
        .contentType(ContentType.JSON)
        .body(order(UUID.randomUUID(), oneItem()))
        .post("/orders")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:kubeflow-ops:problem:unknown-user"));
    assertEquals(before, count());
  }

  @Test
  void retryWithTheSameIdempotencyKeyReturnsTheFirstResult() {
    UUID user = knownUser();
    String key = "retry-" + UUID.randomUUID();
    long before = count();
    String first =
        asAdmin()
            .header("Idempotency-Key", key)
            .contentType(ContentType.JSON)
            .body(order(user, oneItem()))
            .post("/orders")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    asAdmin()
        .header("Idempotency-Key", key)
        .contentType(ContentType.JSON)
        .body(order(user, oneItem()))
        .post("/orders")
        .then()
        .statusCode(201)
        .header("Idempotent-Replayed", "true")
        .body("id", equalTo(first));
    asAdmin()
        .header("Idempotency-Key", key)
        .contentType(ContentType.JSON)
        .body(order(user, List.of(Map.of("sku", "OTHER", "quantity", 1, "unitPrice", 1))))
        .post("/orders")
        .then()
        .statusCode(422)
        .body("type", equalTo("urn:kubeflow-ops:problem:idempotency-key-reused"));
    assertEquals(before + 1, count());
  }

  @Test
  void statusMovesForwardOnlyAlongLegalTransitions() {
    String id = create(knownUser());
    patch(id, "PAID").statusCode(200).body("status", equalTo("PAID"));
    patch(id, "SHIPPED").statusCode(200).body("status", equalTo("SHIPPED"));
    patch(id, "CANCELLED").statusCode(409).contentType("application/problem+json");
    patch(id, "CREATED").statusCode(409);
    asAdmin().get("/orders/" + id).then().body("status", equalTo("SHIPPED"));

    String other = create(knownUser());
    patch(other, "CREATED").statusCode(409);
    patch(other, "SHIPPED").statusCode(409);
    patch(other, "CANCELLED").statusCode(200).body("status", equalTo("CANCELLED"));
    patch(other, "PAID").statusCode(409);
  }

  private static io.restassured.response.ValidatableResponse patch(String id, String status) {
    return asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("status", status))
        .patch("/orders/" + id)
        .then();
  }

  static long count() {
    return ((Number) asAdmin().get("/orders").then().statusCode(200).extract().path("total"))
        .longValue();
  }
}
