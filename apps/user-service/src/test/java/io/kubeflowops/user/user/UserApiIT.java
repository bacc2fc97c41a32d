package io.kubeflowops.user.user;

import static io.kubeflowops.devstack.testing.OidcResource.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import io.kubeflowops.devstack.testing.OidcResource;
import io.kubeflowops.devstack.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcResource.class, restrictToAnnotatedClass = false)
class UserApiIT {
  private static final String ISO_UTC = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z";

  static String create(String name, String email) {
    return asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("name", name, "email", email))
        .post("/users")
        .then()
        .statusCode(201)
        .header("Location", matchesPattern(".*/users/[0-9a-f-]{36}"))
        .body("name", equalTo(name))
        .body("email", equalTo(email))
        .body("createdAt", matchesPattern(ISO_UTC))
        .extract()
        .path("id");
  }

  static String unique(String local) {
    return local + "-" + UUID.randomUUID() + "@example.com";
  }

  @Test
  void createThenReadUpdateDelete() {
    String email = unique("ann");
    String id = create("Ann", email);

    asAdmin().get("/users/" + id).then().statusCode(200).body("email", equalTo(email));

    String newEmail = unique("ann.b");
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("name", "Ann B", "email", newEmail))
        .put("/users/" + id)
        .then()
        .statusCode(200)
        .body("name", equalTo("Ann B"))
        .body("email", equalTo(newEmail));

    asAdmin().delete("/users/" + id).then().statusCode(204);
    asAdmin().get("/users/" + id).then().statusCode(404).contentType("application/problem+json");
  }

  @Test
  void duplicateEmailIsAConflictWhateverTheCase() {
    String email = unique("dup");
    create("First", email);
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("name", "Second", "email", email.toUpperCase()))
        .post("/users")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("status", equalTo(409))
        .body("type", equalTo("urn:kubeflow-ops:problem:duplicate-email"));
  }

  @Test
  void updateToAnotherUsersEmailIsAConflict() {
    String taken = unique("taken");
    create("Taken", taken);
    String id = create("Other", unique("other"));
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("name", "Other", "email", taken))
        .put("/users/" + id)
        .then()
        .statusCode(409);
  }

  @Test
  void listsPageByPage() {
    for (int i = 0; i < 3; i++) {
      create("Pager " + i, unique("pager" + i));
    }
    asAdmin()
        .queryParam("page", 0)
        .queryParam("size", 2)
        .get("/users")
        .then()
        .statusCode(200)
        .body("items", hasSize(2))
        .body("size", equalTo(2))
        .body("total", greaterThanOrEqualTo(3));
  }

  @Test
  void unknownUserIs404() {
    asAdmin()
        .get("/users/" + UUID.randomUUID())
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("title", notNullValue())
        .body("instance", matchesPattern("/users/.*"));
  }
}
