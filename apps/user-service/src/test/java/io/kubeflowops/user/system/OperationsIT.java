package io.kubeflowops.user.system;

import static io.kubeflowops.devstack.testing.OidcResource.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.kubeflowops.devstack.testing.OidcResource;
import io.kubeflowops.devstack.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * The operations contract every service keeps: health, metrics, OpenAPI and Swagger UI on fixed
 * paths.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcResource.class, restrictToAnnotatedClass = false)
class OperationsIT {
  /** Health, metrics and OpenAPI are on the management port, not the API port. */
  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Test
  void healthEndpointsAreUpWithTheDatabaseCheck() {
    given().get(management + "health/live").then().statusCode(200).body("status", equalTo("UP"));
    given().get(management + "health/started").then().statusCode(200);
    given()
        .get(management + "health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body(containsString("Database connections health check"));
  }

  @Test
  void metricsUseRouteTemplatesNotRawIds() {
    asAdmin().get("/users/00000000-0000-0000-0000-000000000001").then().statusCode(404);
    given()
        .get(management + "metrics")
        .then()
        .statusCode(200)
        .body(containsString("http_server_requests_seconds_count{"))
        .body(containsString("uri=\"/users/{id}\""))
        .body(org.hamcrest.Matchers.not(containsString("00000000-0000-0000-0000-000000000001")));
  }

  @Test
  void openApiAndSwaggerUiAreServed() {
    given().get(management + "openapi").then().statusCode(200).body(containsString("/users/{id}"));
    given().get(management + "docs/").then().statusCode(200).body(containsString("swagger-ui"));
  }

  @Test
  void theApiPortServesNoOperationsEndpoints() {
    for (String path : new String[] {"/health/ready", "/metrics", "/openapi", "/docs/"}) {
      asAdmin().get(path).then().statusCode(404);
    }
  }
}
