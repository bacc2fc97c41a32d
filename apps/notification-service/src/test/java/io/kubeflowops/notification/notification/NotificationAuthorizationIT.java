package io.kubeflowops.notification.notification;

import static io.kubeflowops.devstack.testing.OidcResource.asAdmin;
import static io.kubeflowops.devstack.testing.OidcResource.asUser;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.kubeflowops.devstack.testing.MailpitResource;
import io.kubeflowops.devstack.testing.OidcResource;
import io.kubeflowops.devstack.testing.PostgresResource;
import io.kubeflowops.devstack.testing.RedisResource;
import io.kubeflowops.devstack.testing.SqsResource;
import io.kubeflowops.notification.testing.TestEvents;
import io.kubeflowops.notification.testing.TestQueue;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** DESIGN §9 for notifications: a user sees their own, an admin all, nobody without a token. */
@QuarkusTest
@WithTestResource(OidcResource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(MailpitResource.class)
@WithTestResource(SqsResource.class)
class NotificationAuthorizationIT {

  @Test
  void withoutATokenIs401() {
    given()
        .queryParam("orderId", UUID.randomUUID().toString())
        .get("/notifications")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", startsWith("Bearer"));
  }

  @Test
  void aUserSeesOnlyTheNotificationsSentToThem() {
    UUID orderId = UUID.randomUUID();
    try (TestQueue queue = new TestQueue()) {
      queue.send(TestEvents.orderCreated(UUID.randomUUID(), orderId), TestEvents.traceparent());
    }
    List<String> users =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    asAdmin()
                        .queryParam("orderId", orderId.toString())
                        .get("/notifications")
                        .then()
                        .statusCode(200)
                        .extract()
                        .<List<String>>path("items.userId"),
                l -> l.size() == 1);
    UUID owner = UUID.fromString(users.getFirst());

    asUser(owner)
        .queryParam("orderId", orderId.toString())
        .get("/notifications")
        .then()
        .statusCode(200)
        .body("items", hasSize(1));
    asUser(UUID.randomUUID())
        .queryParam("orderId", orderId.toString())
        .get("/notifications")
        .then()
        .statusCode(200)
        .body("items", hasSize(0));
  }
}
