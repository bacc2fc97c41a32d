package io.kubeflowops.user.user;

import static io.kubeflowops.devstack.testing.OidcResource.asAdmin;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

import io.kubeflowops.devstack.testing.OidcResource;
import io.kubeflowops.devstack.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad request is a 4xx problem+json (never a 5xx, never a stack trace) and writes nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcResource.class, restrictToAnnotatedClass = false)
class UserBadInputIT {
  private static final String HUGE = "x".repeat(20_000);

  static Stream<Arguments> badBodies() {
    return Stream.of(
        Arguments.of("malformed JSON", "{\"name\":\"A\",", 400),
        Arguments.of("not an object", "[1,2]", 400),
        Arguments.of("empty body", "", 400),
        Arguments.of("null body", "null", 400),
        Arguments.of("trailing garbage", "{\"name\":\"A\",\"email\":\"a@b.io\"} x", 400),
        Arguments.of("name is a number", "{\"name\":5,\"email\":\"a@b.io\"}", 400),
        Arguments.of("email is an object", "{\"name\":\"A\",\"email\":{}}", 400),
        Arguments.of("unknown field", "{\"name\":\"A\",\"email\":\"a@b.io\",\"admin\":true}", 400),
        Arguments.of("missing name", "{\"email\":\"a@b.io\"}", 400),
        Arguments.of("blank name", "{\"name\":\"   \",\"email\":\"a@b.io\"}", 400),
        // Found by the contract fuzzer: PostgreSQL cannot store a NUL, and this was a 500.
        Arguments.of("NUL in the name", "{\"name\":\"A\\u0000B\",\"email\":\"a@b.io\"}", 400),
        Arguments.of(
            "control character in the name", "{\"name\":\"A\\u0007\",\"email\":\"a@b.io\"}", 400),
        Arguments.of(
            "name too long", "{\"name\":\"" + "n".repeat(101) + "\",\"email\":\"a@b.io\"}", 400),
        Arguments.of("missing email", "{\"name\":\"A\"}", 400),
        Arguments.of("malformed email", "{\"name\":\"A\",\"email\":\"not-an-email\"}", 400),
        // Found by the contract fuzzer: @Email accepted these domains.
        Arguments.of("star as the domain", "{\"name\":\"A\",\"email\":\"a@*\"}", 400),
        Arguments.of("star in the domain", "{\"name\":\"A\",\"email\":\"a@b.test*\"}", 400),
        Arguments.of("SQL-looking email", "{\"name\":\"A\",\"email\":\"' OR 1=1; --\"}", 400),
        Arguments.of("oversize body", "{\"name\":\"" + HUGE + "\",\"email\":\"a@b.io\"}", 413));
  }

  @ParameterizedTest(name = "POST /users with {0} -> {2}")
  @MethodSource("badBodies")
  void createRefusesAndWritesNothing(String label, String body, int status) {
    int before = total();
    asAdmin()
        .contentType("application/json")
        .body(body)
        .post("/users")
        .then()
        .statusCode(status)
        .contentType("application/problem+json")
        .body("status", equalTo(status))
        .body("title", not(equalTo(null)))
        .body(not(containsString("Exception")))
        .body(not(containsString("at io.")));
    asAdmin().get("/users").then().body("total", equalTo(before));
  }

  @ParameterizedTest(name = "PUT /users/ID with {0} -> {2}")
  @MethodSource("badBodies")
  void updateRefusesAndChangesNothing(String label, String body, int status) {
    String email = UserApiIT.unique("keep");
    String id = UserApiIT.create("Keep", email);
    asAdmin()
        .contentType("application/json")
        .body(body)
        .put("/users/" + id)
        .then()
        .statusCode(status)
        .contentType("application/problem+json");
    asAdmin()
        .get("/users/" + id)
        .then()
        .body("name", equalTo("Keep"))
        .body("email", equalTo(email));
  }

  static Stream<Arguments> badIdsAndParams() {
    return Stream.of(
        Arguments.of("GET", "/users/not-a-uuid", 400),
        Arguments.of("GET", "/users/" + UUID.randomUUID() + "x", 400),
        Arguments.of("GET", "/users/'%20OR%201=1", 400),
        Arguments.of("DELETE", "/users/12345", 400),
        Arguments.of("DELETE", "/users/" + UUID.randomUUID(), 404),
        Arguments.of("GET", "/users?page=-1", 400),
        Arguments.of("GET", "/users?size=0", 400),
        Arguments.of("GET", "/users?size=1000", 400),
        Arguments.of("GET", "/users?page=abc", 400),
        // Deep paging is capped at page 100 (x size 100).
        Arguments.of("GET", "/users?page=101", 400),
        // Found by the contract fuzzer: an empty value was taken as "absent" and answered 200.
        Arguments.of("GET", "/users?size=", 400),
        Arguments.of("GET", "/users?page=%205", 400),
        Arguments.of("PATCH", "/users", 405));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("badIdsAndParams")
  void badIdsAndParametersAreClientErrors(String method, String path, int status) {
    asAdmin()
        .request(method, path)
        .then()
        .statusCode(allOf(greaterThanOrEqualTo(400), lessThan(500)))
        .statusCode(status)
        .contentType("application/problem+json");
  }

  /** RFC 9110: a 405 and an OPTIONS name exactly the methods of that path (found by the fuzzer). */
  @org.junit.jupiter.api.Test
  void allowNamesTheMethodsOfThePath() {
    asAdmin().request("PATCH", "/users").then().statusCode(405).header("Allow", "GET, POST");
    asAdmin()
        .request("TRACE", "/users/" + UUID.randomUUID())
        .then()
        .statusCode(405)
        .header("Allow", "GET, PUT, DELETE");
    asAdmin().options("/users").then().statusCode(204).header("Allow", "GET, POST");
    asAdmin()
        .options("/users/" + UUID.randomUUID())
        .then()
        .statusCode(204)
        .header("Allow", "GET, PUT, DELETE");
  }

  @org.junit.jupiter.api.Test
  void wrongContentTypeIs415() {
    asAdmin()
        .contentType("text/plain")
        .body("hi")
        .post("/users")
        .then()
        .statusCode(415)
        .contentType("application/problem+json");
  }

  @org.junit.jupiter.api.Test
  void unicodeAndSqlLookingNamesAreStoredVerbatim() {
    String name = "Zoë 🚀 日本 Robert'); DROP TABLE users.users;--";
    String id = UserApiIT.create(name, UserApiIT.unique("unicode"));
    asAdmin().get("/users/" + id).then().statusCode(200).body("name", equalTo(name));
  }

  private static int total() {
    return asAdmin().get("/users").then().statusCode(200).extract().path("total");
  }
}
