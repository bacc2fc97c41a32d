package io.kubeflowops.order.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.kubeflowops.order.support.OrderStack;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Health, metrics (business ones included), OpenAPI and Swagger UI on their fixed paths. */
@QuarkusTest
@OrderStack
class OperationsIT {
  @Test
  void healthIsUpAndReadinessChecksTheDatabase() {
    given().get("/health/live").then().statusCode(200).body("status", equalTo("UP"));
    given().get("/health/started").then().statusCode(200);
    given()
        .get("/health/ready")
        .then()
        .statusCode(200)
        .body(containsString("Database connections health check"));
  }

  @Test
  void businessMetricsAndRouteTemplatesAreExported() {
    given().get("/orders/00000000-0000-0000-0000-000000000002").then().statusCode(404);
    given()
        .get("/metrics")
        .then()
        .statusCode(200)
        .body(containsString("\norders_created_total "))
        .body(containsString("\noutbox_pending "))
        .body(containsString("uri=\"/orders/{id}\""))
        .body(not(containsString("00000000-0000-0000-0000-000000000002")));
  }

  @Test
  void openApiAndSwaggerUiAreServed() {
    given().get("/openapi").then().statusCode(200).body(containsString("/orders/{id}"));
    given().get("/docs/").then().statusCode(200).body(containsString("swagger-ui"));
  }
}
