package io.kubeflowops.notification;

import static io.kubeflowops.devstack.testing.OidcResource.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.kubeflowops.devstack.testing.MailpitResource;
import io.kubeflowops.devstack.testing.OidcResource;
import io.kubeflowops.devstack.testing.PostgresResource;
import io.kubeflowops.devstack.testing.RedisResource;
import io.kubeflowops.devstack.testing.SqsResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** Probes, metrics and API docs on the paths the platform expects (DESIGN §4, §7). */
@QuarkusTest
@WithTestResource(OidcResource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(MailpitResource.class)
@WithTestResource(SqsResource.class)
class OperationsIT {
  /** Health, metrics and OpenAPI are on the management port, not the API port. */
  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Test
  void probesAreUp() {
    given().get(management + "health/live").then().statusCode(200).body("status", equalTo("UP"));
    given().get(management + "health/started").then().statusCode(200).body("status", equalTo("UP"));
    given()
        .get(management + "health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem("sqs"))
        .body("checks.name", hasItem("Redis connection health check"))
        .body("checks.name", hasItem("Database connections health check"));
  }

  @Test
  void businessMetricsAreOnTheScrape() {
    // Registered at startup, so present (at zero) even before the first message is handled.
    given()
        .get(management + "metrics")
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
    asAdmin().queryParam("orderId", "bad").get("/notifications").then().statusCode(400);
    given()
        .get(management + "metrics")
        .then()
        .body(containsString("http_server_requests_seconds_count{"))
        .body(containsString("uri=\"/notifications\""));
  }

  @Test
  void apiIsDocumented() {
    given()
        .get(management + "openapi")
        .then()
        .statusCode(200)
        .body(containsString("/notifications"))
        .body(containsString("orderId"));
    given().get(management + "docs/").then().statusCode(200).body(containsString("swagger"));
  }

  @Test
  void theApiPortServesNoOperationsEndpoints() {
    for (String path : new String[] {"/health/ready", "/metrics", "/openapi", "/docs/"}) {
      asAdmin().get(path).then().statusCode(404);
    }
  }
}
