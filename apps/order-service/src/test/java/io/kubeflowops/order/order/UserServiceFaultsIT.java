package io.kubeflowops.order.order;

import static io.kubeflowops.devstack.testing.OidcResource.asAdmin;
import static io.kubeflowops.order.support.Orders.knownUser;
import static io.kubeflowops.order.support.Orders.oneItem;
import static io.kubeflowops.order.support.Orders.order;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeflowops.order.support.OrderStack;
import io.kubeflowops.order.support.UserServiceMock;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * user-service unreachable, failing or slow: 503 with Retry-After, nothing written, and the circuit
 * opens.
 */
@QuarkusTest
@OrderStack
class UserServiceFaultsIT {
  /** Health, metrics and OpenAPI are on the management port, not the API port. */
  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Inject CircuitBreakerMaintenance breakers;

  @AfterEach
  void heal() {
    UserServiceMock.heal();
    breakers.resetAll();
  }

  @Test
  void userServiceUnreachableIs503WithRetryAfterAndNoOrderRow() {
    UUID user = knownUser();
    long before = OrderApiIT.count();
    UserServiceMock.resetConnections();
    asAdmin()
        .contentType(ContentType.JSON)
        .body(order(user, oneItem()))
        .post("/orders")
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .header("Retry-After", notNullValue())
        .body("type", equalTo("urn:kubeflow-ops:problem:user-service-unavailable"));
    assertEquals(before, OrderApiIT.count());
  }

  @Test
  void aConnectionClosedMidAnswerIs503NotAServerError() {
    UUID user = knownUser();
    long before = OrderApiIT.count();
    for (Runnable fault :
        List.<Runnable>of(UserServiceMock::closeMidBody, UserServiceMock::closeWithoutAnswer)) {
      UserServiceMock.heal();
      breakers.resetAll();
      fault.run();
      asAdmin()
          .contentType(ContentType.JSON)
          .body(order(user, oneItem()))
          .post("/orders")
          .then()
          .statusCode(503)
          .contentType("application/problem+json")
          .body("type", equalTo("urn:kubeflow-ops:problem:user-service-unavailable"));
    }
    assertEquals(before, OrderApiIT.count());
  }

  @Test
  void serverErrorsAreRetriedThenAnswered503() {
    UUID user = knownUser();
    UserServiceMock.failWithServerErrors();
    int calls = UserServiceMock.calls();
    asAdmin()
        .contentType(ContentType.JSON)
        .body(order(user, oneItem()))
        .post("/orders")
        .then()
        .statusCode(503);
    assertEquals(3, UserServiceMock.calls() - calls, "one call and two retries");
  }

  @Test
  void slowUserServiceTimesOutInsteadOfHanging() {
    UUID user = knownUser();
    UserServiceMock.answerSlowly();
    long t0 = System.nanoTime();
    asAdmin()
        .contentType(ContentType.JSON)
        .body(order(user, oneItem()))
        .post("/orders")
        .then()
        .statusCode(503);
    long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
    // Not a timing assertion on speed: it proves the call was cut off rather than waiting on the 5
    // s stub forever.
    assertTrue(seconds < 30, "bounded by timeout × attempts");
  }

  @Test
  void repeatedFailuresOpenTheCircuitAndItClosesAgainAfterRecovery() throws Exception {
    UUID user = knownUser();
    UserServiceMock.resetConnections();
    for (int i = 0; i < 4; i++) {
      asAdmin()
          .contentType(ContentType.JSON)
          .body(order(user, oneItem()))
          .post("/orders")
          .then()
          .statusCode(503);
    }
    int calls = UserServiceMock.calls();
    UserServiceMock.heal();
    asAdmin()
        .contentType(ContentType.JSON)
        .body(order(user, oneItem()))
        .post("/orders")
        .then()
        .statusCode(503)
        .header("Retry-After", "10");
    assertEquals(calls, UserServiceMock.calls(), "an open circuit does not call user-service");
    given()
        .get(management + "metrics")
        .then()
        .body(containsString("ft_circuitbreaker_opened_total"));
    breakers.resetAll();
    asAdmin()
        .contentType(ContentType.JSON)
        .body(order(user, oneItem()))
        .post("/orders")
        .then()
        .statusCode(201);
  }
}
