package io.kubeflowops.order.order;

import static io.kubeflowops.devstack.testing.OidcResource.asAdmin;
import static io.kubeflowops.devstack.testing.OidcResource.asUser;
import static io.kubeflowops.devstack.testing.OidcResource.tokens;
import static io.kubeflowops.order.support.Orders.knownUser;
import static io.kubeflowops.order.support.Orders.oneItem;
import static io.kubeflowops.order.support.Orders.order;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubeflowops.devstack.testing.Tokens;
import io.kubeflowops.order.support.OrderStack;
import io.kubeflowops.order.support.UserServiceMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** DESIGN §9 for orders: who may call what, with real tokens of a real issuer. */
@QuarkusTest
@OrderStack
class OrderAuthorizationIT {
  private static final String ZERO = "00000000-0000-0000-0000-000000000000";

  private static String placeAs(UUID user) {
    return asUser(user)
        .contentType(ContentType.JSON)
        .body(order(user, oneItem()))
        .post("/orders")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  @Test
  void everyEndpointWantsABearerToken() {
    UUID user = knownUser();
    given()
        .contentType(ContentType.JSON)
        .body(order(user, oneItem()))
        .post("/orders")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", startsWith("Bearer"));
    given().get("/orders").then().statusCode(401);
    given().get("/orders/" + ZERO).then().statusCode(401);
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("status", "PAID"))
        .patch("/orders/" + ZERO)
        .then()
        .statusCode(401);
  }

  @Test
  void aUserPlacesOrdersOnlyForThemselves() {
    UUID me = knownUser();
    UUID other = knownUser();
    placeAs(me);
    asUser(me)
        .contentType(ContentType.JSON)
        .body(order(other, oneItem()))
        .post("/orders")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:kubeflow-ops:problem:not-your-user"));
  }

  @Test
  void aUserSeesOnlyTheirOwnOrders() {
    UUID me = knownUser();
    UUID other = knownUser();
    String mine = placeAs(me);
    String theirs = placeAs(other);
    asUser(me).get("/orders/" + mine).then().statusCode(200);
    asUser(me).get("/orders/" + theirs).then().statusCode(404);
    asUser(me)
        .get("/orders")
        .then()
        .statusCode(200)
        .body("total", equalTo(1))
        .body("items[0].id", equalTo(mine));
    asUser(me).queryParam("userId", other).get("/orders").then().statusCode(403);
    asAdmin().queryParam("userId", other).get("/orders").then().body("total", equalTo(1));
  }

  @Test
  void aUserMayCancelButNotPayOrShip() {
    UUID me = knownUser();
    String paid = placeAs(me);
    asUser(me)
        .contentType(ContentType.JSON)
        .body(Map.of("status", "PAID"))
        .patch("/orders/" + paid)
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(tokens().service("payments"))
        .contentType(ContentType.JSON)
        .body(Map.of("status", "PAID"))
        .patch("/orders/" + paid)
        .then()
        .statusCode(200)
        .body("status", equalTo("PAID"));
    asUser(me)
        .contentType(ContentType.JSON)
        .body(Map.of("status", "CANCELLED"))
        .patch("/orders/" + paid)
        .then()
        .statusCode(200)
        .body("status", equalTo("CANCELLED"));
    String theirs = placeAs(knownUser());
    asUser(me)
        .contentType(ContentType.JSON)
        .body(Map.of("status", "CANCELLED"))
        .patch("/orders/" + theirs)
        .then()
        .statusCode(404);
  }

  @Test
  void userServiceIsCalledWithOrderServicesOwnServiceToken() throws Exception {
    placeAs(knownUser());
    String authorization = UserServiceMock.lastAuthorization();
    assertTrue(authorization.startsWith("Bearer "), authorization);
    String payload = authorization.substring("Bearer ".length()).split("\\.")[1];
    JsonNode claims =
        new ObjectMapper()
            .readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    assertEquals("order-service", claims.path("sub").asText(), "not the user's token passed on");
    assertEquals(Tokens.SERVICE_SCOPE, claims.path("scope").asText());
    assertEquals(tokens().issuer(), claims.path("iss").asText());
  }
}
