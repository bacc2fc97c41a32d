package io.kubeflowops.order.order;

import static io.kubeflowops.devstack.testing.OidcResource.asAdmin;
import static io.kubeflowops.devstack.testing.OidcResource.asUser;
import static io.kubeflowops.order.support.Orders.knownUser;
import static io.kubeflowops.order.support.Orders.oneItem;
import static io.kubeflowops.order.support.Orders.order;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.kubeflowops.order.support.OrderStack;
import io.kubeflowops.order.support.UserServiceMock;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Idempotency-Key: concurrent requests with one key create one order and one event; a key belongs
 * to its caller and the order's user; it expires after idempotency.key-ttl and is purged.
 */
@QuarkusTest
@OrderStack
class IdempotencyIT {
  private static final int REQUESTS = 8;

  @Inject AgroalDataSource db;
  @Inject IdempotencyKeys keys;
  @Inject IdempotencyConfig ttl;

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Test
  void concurrentRequestsWithOneKeyCreateExactlyOneOrderAndOneEvent() throws Exception {
    // user-service answers after 400 ms, so every request is past its first look-up of the key and
    // in the user check when the others arrive: all of them race for the key at the database.
    UUID user = UserServiceMock.knownSlowUser(400);
    String key = "race-" + UUID.randomUUID();
    CyclicBarrier start = new CyclicBarrier(REQUESTS);
    ExecutorService pool = Executors.newFixedThreadPool(REQUESTS);
    List<Future<Response>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < REQUESTS; i++) {
        RequestSpecification request =
            asUser(user)
                .header("Idempotency-Key", key)
                .contentType(ContentType.JSON)
                .body(order(user, oneItem()));
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return request.post("/orders");
                }));
      }
      List<Response> responses = new ArrayList<>();
      for (Future<Response> f : futures) {
        responses.add(f.get(60, TimeUnit.SECONDS));
      }
      assertEquals(
          List.of(201),
          responses.stream().map(Response::statusCode).distinct().toList(),
          "every request gets the order");
      Set<String> ids =
          responses.stream().map(r -> r.<String>path("id")).collect(Collectors.toSet());
      assertEquals(1, ids.size(), "one order id for all: " + ids);
      assertEquals(
          1,
          responses.stream().filter(r -> r.getHeader("Idempotent-Replayed") == null).count(),
          "one created it, the others got the stored answer");
      // All of them were in flight together: each checked the user (a replay at the first look-up
      // would not have).
      assertEquals(REQUESTS, UserServiceMock.calls(user), "requests that raced for the key");

      UUID order = UUID.fromString(ids.iterator().next());
      assertEquals(1, count("SELECT count(*) FROM orders.orders WHERE user_id = ?", user));
      assertEquals(1, count("SELECT count(*) FROM orders.outbox WHERE aggregate_id = ?", order));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theSameKeyFromAnotherCallerNeverReturnsTheFirstCallersOrder() throws Exception {
    UUID alice = knownUser();
    UUID bob = knownUser();
    String key = "shared-" + UUID.randomUUID();
    String alices = create(() -> asUser(alice), alice, key).path("id");

    // An admin sending Alice's very body with Alice's key is another caller: a new order.
    Response admin = create(() -> asAdmin(), alice, key);
    assertNull(admin.getHeader("Idempotent-Replayed"));
    assertNotEquals(alices, admin.path("id"));
    // Bob with the same key for himself: his own new order (not Alice's, not a 422).
    Response bobs = create(() -> asUser(bob), bob, key);
    assertNull(bobs.getHeader("Idempotent-Replayed"));
    assertNotEquals(alices, bobs.path("id"));
    assertEquals(bob.toString(), bobs.path("userId"));
    // Alice's own retry still gets her order.
    Response retry = create(() -> asUser(alice), alice, key);
    assertEquals("true", retry.getHeader("Idempotent-Replayed"));
    assertEquals(alices, retry.path("id"));
  }

  @Test
  void anExpiredKeyIsANewRequestAndThePurgeDeletesIt() throws Exception {
    UUID user = knownUser();
    String key = "expiring-" + UUID.randomUUID();
    String first = create(() -> asUser(user), user, key).path("id");
    age(key, "25 hours");
    Response again = create(() -> asUser(user), user, key);
    assertNull(again.getHeader("Idempotent-Replayed"), "an expired key replays nothing");
    assertNotEquals(first, again.path("id"));
    // The key now stands for the new order.
    assertEquals(again.<String>path("id"), create(() -> asUser(user), user, key).path("id"));

    String fresh = "fresh-" + UUID.randomUUID();
    create(() -> asUser(user), user, fresh);
    age(key, "25 hours");
    keys.purge();
    assertEquals(0, count("SELECT count(*) FROM orders.idempotency_keys WHERE key = ?", key));
    assertEquals(1, count("SELECT count(*) FROM orders.idempotency_keys WHERE key = ?", fresh));
  }

  @Test
  void theServedOpenApiDocumentsTheKeysScopeAndExpiry() {
    String doc = given().get(management + "openapi").then().statusCode(200).extract().asString();
    assertTrue(doc.contains("Scope: a key belongs to the caller"), "scope documented");
    assertTrue(doc.contains("remembered for 24 hours"), "expiry documented");
    assertEquals(Duration.ofHours(24), ttl.keyTtl(), "the documented expiry is the default");
  }

  private static Response create(Supplier<RequestSpecification> as, UUID user, String key) {
    Response r =
        as.get()
            .header("Idempotency-Key", key)
            .contentType(ContentType.JSON)
            .body(order(user, oneItem()))
            .post("/orders");
    assertEquals(201, r.statusCode(), r.asString());
    return r;
  }

  private void age(String key, String interval) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE orders.idempotency_keys SET created_at = now() - CAST(? AS interval)"
                    + " WHERE key = ?")) {
      ps.setString(1, interval);
      ps.setString(2, key);
      ps.executeUpdate();
    }
  }

  private long count(String sql, Object param) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, param);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
