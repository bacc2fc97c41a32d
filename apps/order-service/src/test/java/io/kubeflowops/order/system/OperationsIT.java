package io.kubeflowops.order.system;

import static io.kubeflowops.devstack.testing.OidcResource.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.kubeflowops.order.support.OrderStack;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** Health, metrics (business ones included), OpenAPI and Swagger UI on their fixed paths. */
@QuarkusTest
@OrderStack
class OperationsIT {
  /** Health, metrics and OpenAPI are on the management port, not the API port. */
  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Test
  void healthIsUpAndReadinessChecksTheDatabase() {
    given().get(management + "health/live").then().statusCode(200).body("status", equalTo("UP"));
    given().get(management + "health/started").then().statusCode(200);
    given()
        .get(management + "health/ready")
        .then()
        .statusCode(200)
        .body(containsString("Database connections health check"));
  }

  @Test
  void businessMetricsAndRouteTemplatesAreExported() {
    asAdmin().get("/orders/00000000-0000-0000-0000-000000000002").then().statusCode(404);
    given()
        .get(management + "metrics")
        .then()
        .statusCode(200)
        .body(containsString("\norders_created_total "))
        .body(containsString("\noutbox_pending "))
        // Exported before anything is parked or refused (the catalog's alerts rely on them).
        .body(containsString("\noutbox_parked "))
        .body(containsString("\noutbox_publish_failures_total{reason=\"rejected\"} "))
        .body(containsString("\noutbox_publish_failures_total{reason=\"sqs_error\"} "))
        .body(containsString("\noutbox_publish_failures_total{reason=\"unavailable\"} "))
        .body(containsString("uri=\"/orders/{id}\""))
        .body(not(containsString("00000000-0000-0000-0000-000000000002")));
  }

  @Test
  void openApiAndSwaggerUiAreServed() {
    given().get(management + "openapi").then().statusCode(200).body(containsString("/orders/{id}"));
    given().get(management + "docs/").then().statusCode(200).body(containsString("swagger-ui"));
  }

  @Test
  void theApiPortServesNoOperationsEndpoints() {
    for (String path : new String[] {"/health/ready", "/metrics", "/openapi", "/docs/"}) {
      asAdmin().get(path).then().statusCode(404);
    }
  }
}
