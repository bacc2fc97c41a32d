package io.kubeflowops.user.user;

import static io.kubeflowops.devstack.testing.OidcResource.asAdmin;
import static io.kubeflowops.devstack.testing.OidcResource.asUser;
import static io.kubeflowops.devstack.testing.OidcResource.tokens;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.kubeflowops.devstack.testing.OidcResource;
import io.kubeflowops.devstack.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** DESIGN §9 for users: who may call what, with real tokens of a real issuer. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcResource.class, restrictToAnnotatedClass = false)
class UserAuthorizationIT {
  private static final String ZERO = "00000000-0000-0000-0000-000000000000";

  private static Map<String, String> body(String name) {
    return Map.of("name", name, "email", UserApiIT.unique(name.toLowerCase().replace(" ", ".")));
  }

  /** A user registered under their own token; returns their id. */
  private static UUID registered() {
    UUID me = UUID.randomUUID();
    asUser(me)
        .contentType(ContentType.JSON)
        .body(body("Me"))
        .post("/users")
        .then()
        .statusCode(201)
        .body("id", equalTo(me.toString()));
    return me;
  }

  @Test
  void everyEndpointWantsABearerToken() {
    given().contentType(ContentType.JSON).body(body("X")).post("/users").then().statusCode(401);
    given().get("/users").then().statusCode(401);
    given().get("/users/" + ZERO).then().statusCode(401);
    given()
        .contentType(ContentType.JSON)
        .body(body("X"))
        .put("/users/" + ZERO)
        .then()
        .statusCode(401);
    given()
        .delete("/users/" + ZERO)
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", startsWith("Bearer"))
        .body("status", equalTo(401))
        .body("type", equalTo("urn:kubeflow-ops:problem:unauthenticated"));
  }

  @Test
  void aTamperedTokenIsRefused() {
    String token = tokens().admin();
    // Change the first signature character: the JWKS check must fail. (Not the last one: of its six
    // bits only two belong to a 256-byte signature, so 'A' -> 'B' changes nothing the decoder
    // reads.)
    int at = token.lastIndexOf('.') + 1;
    char first = token.charAt(at);
    String tampered = token.substring(0, at) + (first == 'A' ? 'B' : 'A') + token.substring(at + 1);
    given()
        .auth()
        .oauth2(tampered)
        .get("/users")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\""))
        .contentType("application/problem+json");
    given().auth().oauth2("not.a.jwt").get("/users").then().statusCode(401);
  }

  @Test
  void aUserRegistersThemselvesOnceUnderTheirTokensSubject() {
    UUID me = registered();
    asUser(me)
        .contentType(ContentType.JSON)
        .body(body("Me again"))
        .post("/users")
        .then()
        .statusCode(409)
        .body("type", equalTo("urn:kubeflow-ops:problem:user-exists"));
  }

  @Test
  void aUserReadsAndChangesOnlyTheirOwnRecord() {
    UUID me = registered();
    UUID other = registered();
    asUser(me).get("/users/" + me).then().statusCode(200);
    asUser(me).get("/users/" + other).then().statusCode(404);
    asUser(me)
        .contentType(ContentType.JSON)
        .body(body("Renamed"))
        .put("/users/" + me)
        .then()
        .statusCode(200)
        .body("name", equalTo("Renamed"));
    asUser(me)
        .contentType(ContentType.JSON)
        .body(body("Hijack"))
        .put("/users/" + other)
        .then()
        .statusCode(404);
    asAdmin().get("/users/" + other).then().statusCode(200).body("name", equalTo("Me"));
  }

  @Test
  void listingAndDeletingNeedAnAdmin() {
    UUID me = registered();
    asUser(me)
        .get("/users")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:kubeflow-ops:problem:forbidden"));
    asUser(me).delete("/users/" + me).then().statusCode(403);
    asAdmin().get("/users").then().statusCode(200);
    asAdmin().delete("/users/" + me).then().statusCode(204);
  }

  @Test
  void aServiceIdentityReadsUsersButIsNoAdmin() {
    UUID me = registered();
    String service = tokens().service("order-service");
    given().auth().oauth2(service).get("/users/" + me).then().statusCode(200);
    given().auth().oauth2(service).get("/users").then().statusCode(200);
    given().auth().oauth2(service).delete("/users/" + me).then().statusCode(403);
  }
}
