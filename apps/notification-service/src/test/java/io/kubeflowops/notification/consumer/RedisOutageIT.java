package io.kubeflowops.notification.consumer;

import static io.kubeflowops.devstack.testing.OidcResource.asAdmin;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubeflowops.devstack.Ports;
import io.kubeflowops.devstack.RedisServer;
import io.kubeflowops.devstack.testing.MailpitResource;
import io.kubeflowops.devstack.testing.OidcResource;
import io.kubeflowops.devstack.testing.PostgresResource;
import io.kubeflowops.devstack.testing.SqsResource;
import io.kubeflowops.notification.testing.TestEvents;
import io.kubeflowops.notification.testing.TestQueue;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Redis is down at first (nothing listens on its port), then a real redis-server starts there.
 * While it is down the consumer must not receive, so the message keeps its receive count and cannot
 * be pushed into the DLQ; once Redis is back the message is handled normally.
 */
@QuarkusTest
@WithTestResource(OidcResource.class)
@TestProfile(RedisOutageIT.RedisPortWithoutServer.class)
@WithTestResource(SqsResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(MailpitResource.class)
class RedisOutageIT {
  /** Health, metrics and OpenAPI are on the management port, not the API port. */
  @TestHTTPResource(value = "/", management = true)
  URL management;

  static final int REDIS_PORT = Ports.free();

  public static class RedisPortWithoutServer implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.redis.hosts", "redis://127.0.0.1:" + REDIS_PORT, "quarkus.redis.timeout", "1S");
    }
  }

  @Test
  void noReceivesWhileRedisIsDownThenRecovers() throws Exception {
    UUID orderId = UUID.randomUUID();
    try (TestQueue queue = new TestQueue()) {
      queue.send(TestEvents.orderCreated(UUID.randomUUID(), orderId), TestEvents.traceparent());

      given()
          .get(management + "health/ready")
          .then()
          .statusCode(503)
          .body("status", equalTo("DOWN"));
      asAdmin()
          .queryParam("orderId", orderId.toString())
          .get("/notifications")
          .then()
          // The listing reads PostgreSQL: a Redis outage does not take it down.
          .statusCode(200);
      // Several polling rounds (outage-wait is 500 ms in tests) pass without a receive.
      Thread.sleep(3_000);
      assertEquals(1, queue.peekReceiveCount(), "only this test's own receive");

      try (RedisServer redis = new RedisServer(REDIS_PORT)) {
        redis.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> queue.inQueue() == 0);
        asAdmin()
            .queryParam("orderId", orderId.toString())
            .get("/notifications")
            .then()
            .statusCode(200)
            .body("items", hasSize(1));
        given().get(management + "health/ready").then().statusCode(200);
      }
    }
  }
}
