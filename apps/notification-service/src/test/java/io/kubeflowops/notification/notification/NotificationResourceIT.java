package io.kubeflowops.notification.notification;

import static io.kubeflowops.devstack.testing.OidcResource.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.kubeflowops.devstack.testing.MailpitResource;
import io.kubeflowops.devstack.testing.OidcResource;
import io.kubeflowops.devstack.testing.PostgresResource;
import io.kubeflowops.devstack.testing.RedisResource;
import io.kubeflowops.devstack.testing.SqsResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@WithTestResource(OidcResource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(MailpitResource.class)
@WithTestResource(SqsResource.class)
class NotificationResourceIT {

  @Test
  void unknownOrderHasNoNotifications() {
    asAdmin()
        .queryParam("orderId", UUID.randomUUID().toString())
        .get("/notifications")
        .then()
        .statusCode(200)
        .contentType("application/json")
        .body("items", hasSize(0));
  }

  @Test
  void missingOrderIdIsAProblem() {
    asAdmin()
        .get("/notifications")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400))
        .body("type", startsWith("urn:kubeflow-ops:problem:"))
        .body("detail", equalTo("orderId is required"))
        .body("instance", equalTo("/notifications"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"42", "not-a-uuid", "1-2-3-4-5", "0000000-0000-0000-0000-0000000000000", " "})
  void malformedOrderIdIsAProblem(String orderId) {
    asAdmin()
        .queryParam("orderId", orderId)
        .get("/notifications")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("title", equalTo("Bad request"))
        .body("detail", startsWith("orderId "));
  }
}
