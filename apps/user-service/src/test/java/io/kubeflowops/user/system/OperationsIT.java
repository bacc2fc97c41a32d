package io.kubeflowops.user.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.kubeflowops.devstack.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The operations contract every service keeps: health, metrics, OpenAPI and Swagger UI on fixed
 * paths.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class OperationsIT {
  @Test
  void healthEndpointsAreUpWithTheDatabaseCheck() {
    given().get("/health/live").then().statusCode(200).body("status", equalTo("UP"));
    given().get("/health/started").then().statusCode(200);
    given()
        .get("/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body(containsString("Database connections health check"));
  }

  @Test
  void metricsUseRouteTemplatesNotRawIds() {
    given().get("/users/00000000-0000-0000-0000-000000000001").then().statusCode(404);
    given()
        .get("/metrics")
        .then()
        .statusCode(200)
        .body(containsString("http_server_requests_seconds_count{"))
        .body(containsString("uri=\"/users/{id}\""))
        .body(org.hamcrest.Matchers.not(containsString("00000000-0000-0000-0000-000000000001")));
  }

  @Test
  void openApiAndSwaggerUiAreServed() {
    given().get("/openapi").then().statusCode(200).body(containsString("/users/{id}"));
    given().get("/docs/").then().statusCode(200).body(containsString("swagger-ui"));
  }
}
