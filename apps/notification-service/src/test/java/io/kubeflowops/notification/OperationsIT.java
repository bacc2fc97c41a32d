package io.kubeflowops.notification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.kubeflowops.devstack.testing.RedisResource;
import io.kubeflowops.devstack.testing.SqsResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Probes, metrics and API docs on the paths the platform expects (DESIGN §4, §7). */
@QuarkusTest
@WithTestResource(RedisResource.class)
@WithTestResource(SqsResource.class)
class OperationsIT {

  @Test
  void probesAreUp() {
    given().get("/health/live").then().statusCode(200).body("status", equalTo("UP"));
    given().get("/health/started").then().statusCode(200).body("status", equalTo("UP"));
    given()
        .get("/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem("sqs"))
        .body("checks.name", hasItem("Redis connection health check"));
  }

  @Test
  void businessMetricsAreOnTheScrape() {
    // Registered at startup, so present (at zero) even before the first message is handled.
    given()
        .get("/metrics")
        .then()
        .statusCode(200)
        .body(containsString("\nnotifications_sent_total "))
        .body(containsString("\nnotifications_duplicate_total "))
        .body(containsString("# TYPE notification_lag_seconds histogram"))
        .body(containsString("\nnotification_lag_seconds_bucket{le=\"5.0\"} "))
        .body(containsString("\nnotification_lag_seconds_bucket{le=\"+Inf\"} "))
        .body(containsString("\nnotification_lag_seconds_count "))
        .body(containsString("\nnotification_lag_seconds_sum "));
  }

  @Test
  void httpServerMetricsUseTheRouteTemplate() {
    given().queryParam("orderId", "bad").get("/notifications").then().statusCode(400);
    given()
        .get("/metrics")
        .then()
        .body(containsString("http_server_requests_seconds_count{"))
        .body(containsString("uri=\"/notifications\""));
  }

  @Test
  void apiIsDocumented() {
    given()
        .get("/openapi")
        .then()
        .statusCode(200)
        .body(containsString("/notifications"))
        .body(containsString("orderId"));
    given().get("/docs/").then().statusCode(200).body(containsString("swagger"));
  }
}
