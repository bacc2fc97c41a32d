package io.kubeflowops.order.outbox;

import static io.kubeflowops.devstack.testing.OidcResource.asAdmin;
import static io.kubeflowops.order.support.Orders.knownUser;
import static io.kubeflowops.order.support.Orders.oneItem;
import static io.kubeflowops.order.support.Orders.order;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.kubeflowops.devstack.testing.SqsResource;
import io.kubeflowops.order.support.OrderStack;
import io.kubeflowops.order.support.Queue;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * SQS down: orders are still accepted, their events wait in the outbox, and all of them arrive once
 * SQS is back.
 */
@QuarkusTest
@OrderStack
class SqsOutageIT {
  /** Health, metrics and OpenAPI are on the management port, not the API port. */
  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Test
  void ordersAcceptedDuringAnOutageArePublishedAfterIt() throws Exception {
    Queue.drain();
    SqsResource.current.stop();
    List<String> ids = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        ids.add(
            asAdmin()
                .contentType(ContentType.JSON)
                .body(order(knownUser(), oneItem()))
                .post("/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  given()
                      .get(management + "metrics")
                      .then()
                      .body(containsString("outbox_pending 3.0")));
    } finally {
      SqsResource.current.start();
    }
    Set<String> published = new HashSet<>();
    List<Message> seen = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              seen.addAll(Queue.drain());
              seen.forEach(m -> ids.stream().filter(m.body()::contains).forEach(published::add));
              return published.containsAll(ids);
            });
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                given()
                    .get(management + "metrics")
                    .then()
                    .body(containsString("outbox_pending 0.0")));
  }
}
