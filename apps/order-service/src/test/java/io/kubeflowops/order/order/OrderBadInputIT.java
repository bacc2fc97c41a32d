package io.kubeflowops.order.order;

import static io.kubeflowops.devstack.testing.OidcResource.asAdmin;
import static io.kubeflowops.order.support.Orders.knownUser;
import static io.kubeflowops.order.support.Orders.oneItem;
import static io.kubeflowops.order.support.Orders.order;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubeflowops.order.support.OrderStack;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad request is a 4xx problem+json (never a 5xx or a stack trace) and writes no order and no
 * event.
 */
@QuarkusTest
@OrderStack
class OrderBadInputIT {
  /** Health, metrics and OpenAPI are on the management port, not the API port. */
  @TestHTTPResource(value = "/", management = true)
  URL management;

  private static String user;

  @BeforeAll
  static void knownUserForBodies() {
    user = knownUser().toString();
  }

  private static String body(String items) {
    return "{\"userId\":\"" + user + "\",\"currency\":\"EUR\",\"items\":" + items + "}";
  }

  private static String item(String sku, String quantity, String price) {
    return "[{\"sku\":" + sku + ",\"quantity\":" + quantity + ",\"unitPrice\":" + price + "}]";
  }

  static Stream<Arguments> badBodies() {
    return Stream.of(
        Arguments.of("malformed JSON", "{\"userId\":", 400),
        Arguments.of("not an object", "\"order\"", 400),
        Arguments.of("empty body", "", 400),
        Arguments.of("null body", "null", 400),
        Arguments.of(
            "unknown field",
            "{\"userId\":\""
                + UUID.randomUUID()
                + "\",\"items\":[],\"currency\":\"EUR\",\"discount\":1}",
            400),
        Arguments.of(
            "missing userId",
            "{\"currency\":\"EUR\",\"items\":" + item("\"A\"", "1", "1") + "}",
            400),
        Arguments.of(
            "malformed userId",
            "{\"userId\":\"42\",\"currency\":\"EUR\",\"items\":" + item("\"A\"", "1", "1") + "}",
            400),
        Arguments.of(
            "userId is a number",
            "{\"userId\":42,\"currency\":\"EUR\",\"items\":" + item("\"A\"", "1", "1") + "}",
            400),
        Arguments.of(
            "missing items",
            "{\"userId\":\"" + UUID.randomUUID() + "\",\"currency\":\"EUR\"}",
            400),
        Arguments.of("empty items", body("[]"), 400),
        Arguments.of("items is an object", body("{}"), 400),
        Arguments.of("null item", body("[null]"), 400),
        Arguments.of(
            "101 items",
            body(
                "["
                    + String.join(
                        ",",
                        java.util.Collections.nCopies(
                            101, "{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":1}"))
                    + "]"),
            400),
        Arguments.of("blank sku", body(item("\"  \"", "1", "1")), 400),
        Arguments.of(
            "SQL-looking sku", body(item("\"A'; DROP TABLE orders.orders;--\"", "1", "1")), 400),
        Arguments.of("unicode sku", body(item("\"Zoë🚀\"", "1", "1")), 400),
        Arguments.of("sku too long", body(item("\"" + "S".repeat(65) + "\"", "1", "1")), 400),
        Arguments.of("zero quantity", body(item("\"A\"", "0", "1")), 400),
        Arguments.of("negative quantity", body(item("\"A\"", "-3", "1")), 400),
        Arguments.of("huge quantity", body(item("\"A\"", "1000001", "1")), 400),
        Arguments.of("quantity beyond int", body(item("\"A\"", "99999999999999999999", "1")), 400),
        Arguments.of("fractional quantity", body(item("\"A\"", "1.5", "1")), 400),
        Arguments.of("quantity as string", body(item("\"A\"", "\"2\"", "1")), 400),
        Arguments.of("negative price", body(item("\"A\"", "1", "-0.01")), 400),
        Arguments.of("huge price", body(item("\"A\"", "1", "1e12")), 400),
        Arguments.of("three decimals", body(item("\"A\"", "1", "1.999")), 400),
        Arguments.of("price as string", body(item("\"A\"", "1", "\"1.00\"")), 400),
        Arguments.of(
            "lower-case currency",
            "{\"userId\":\""
                + UUID.randomUUID()
                + "\",\"currency\":\"eur\",\"items\":"
                + item("\"A\"", "1", "1")
                + "}",
            400),
        Arguments.of(
            "missing currency",
            "{\"userId\":\"" + UUID.randomUUID() + "\",\"items\":" + item("\"A\"", "1", "1") + "}",
            400),
        Arguments.of("oversize body", body(item("\"" + "x".repeat(20_000) + "\"", "1", "1")), 413));
  }

  @ParameterizedTest(name = "POST /orders with {0} -> {2}")
  @MethodSource("badBodies")
  void createRefusesAndWritesNothing(String label, String body, int status) {
    long before = OrderApiIT.count();
    asAdmin()
        .contentType("application/json")
        .body(body)
        .post("/orders")
        .then()
        .statusCode(status)
        .contentType("application/problem+json")
        .body("status", equalTo(status))
        .body(not(containsString("Exception")));
    assertEquals(before, OrderApiIT.count());
    given().get(management + "metrics").then().body(containsString("outbox_pending 0.0"));
  }

  static Stream<Arguments> badPatches() {
    return Stream.of(
        Arguments.of("unknown status", "{\"status\":\"LOST\"}", 400),
        Arguments.of("lower-case status", "{\"status\":\"paid\"}", 400),
        Arguments.of("missing status", "{}", 400),
        Arguments.of("status is a number", "{\"status\":1}", 400),
        Arguments.of("malformed JSON", "{\"status\":", 400),
        Arguments.of("extra field", "{\"status\":\"PAID\",\"total\":0}", 400));
  }

  @ParameterizedTest(name = "PATCH /orders/ID with {0} -> {2}")
  @MethodSource("badPatches")
  void patchRefusesAndChangesNothing(String label, String body, int status) {
    String id = OrderApiIT.create(knownUser());
    asAdmin()
        .contentType("application/json")
        .body(body)
        .patch("/orders/" + id)
        .then()
        .statusCode(status)
        .contentType("application/problem+json");
    asAdmin().get("/orders/" + id).then().body("status", equalTo("CREATED"));
  }

  static Stream<Arguments> badIds() {
    return Stream.of(
        Arguments.of("GET", "/orders/nope", 400),
        Arguments.of("GET", "/orders/" + UUID.randomUUID(), 404),
        Arguments.of("GET", "/orders?userId=bad", 400),
        Arguments.of("GET", "/orders?size=101", 400),
        Arguments.of("GET", "/orders?page=-1", 400),
        Arguments.of("DELETE", "/orders/" + UUID.randomUUID(), 405));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("badIds")
  void malformedAndUnknownIdsAreClientErrors(String method, String path, int status) {
    asAdmin()
        .request(method, path)
        .then()
        .statusCode(status)
        .contentType("application/problem+json");
  }

  /** Found by the contract fuzzer: both were taken as "absent" and accepted. */
  @Test
  void emptyHeaderOrQueryValuesAreRefusedNotIgnored() {
    asAdmin()
        .header("Idempotency-Key", "")
        .contentType("application/json")
        .body(body(item("\"A\"", "1", "1")))
        .post("/orders")
        .then()
        .statusCode(400)
        .body("type", equalTo("urn:kubeflow-ops:problem:bad-idempotency-key"));
    asAdmin().get("/orders?userId=").then().statusCode(400);
  }

  /** JSON Schema's integer: 2.0 is the integer 2 (the fuzzer sent it); 1.5 stays refused above. */
  @Test
  void aWholeNumberWrittenAsFloatIsAnInteger() {
    asAdmin()
        .contentType("application/json")
        .body(body(item("\"A\"", "2.0", "1")))
        .post("/orders")
        .then()
        .statusCode(201)
        .body("items[0].quantity", equalTo(2));
  }

  @Test
  void patchOfAnUnknownOrderIs404() {
    asAdmin()
        .contentType(ContentType.JSON)
        .body("{\"status\":\"PAID\"}")
        .patch("/orders/" + UUID.randomUUID())
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void badIdempotencyKeyIs400AndWritesNothing() {
    long before = OrderApiIT.count();
    asAdmin()
        .header("Idempotency-Key", "has spaces")
        .contentType(ContentType.JSON)
        .body(order(knownUser(), oneItem()))
        .post("/orders")
        .then()
        .statusCode(400)
        .body("type", equalTo("urn:kubeflow-ops:problem:bad-idempotency-key"));
    assertEquals(before, OrderApiIT.count());
  }
}
