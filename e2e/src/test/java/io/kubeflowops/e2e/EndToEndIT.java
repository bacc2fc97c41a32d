package io.kubeflowops.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubeflowops.devstack.testing.Contracts;
import io.kubeflowops.devstack.testing.Mailbox;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * user → order → event → notification with all three services running, then the faults: duplicate
 * delivery, a poison message, user-service down, SQS down, PostgreSQL down. Fault tests run last
 * and each restores what it broke.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DELIVERY = Duration.ofSeconds(60);

  private Platform platform;

  @BeforeAll
  void start() throws Exception {
    platform = new Platform();
    platform.start();
  }

  @AfterAll
  void stop() throws Exception {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  @Order(1)
  void userToOrderToExactlyOneNotificationInOneTrace() throws Exception {
    String user = createUser();
    String traceId = HexFormat.of().formatHex(randomBytes(16));
    // The whole flow as the user: their token at order-service, which checks them at user-service
    // with its own service token; the user then reads their notification.
    String orderId =
        as(user)
            .header(
                "traceparent",
                "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01")
            .contentType(ContentType.JSON)
            .body(order(user))
            .post(platform.orders.baseUrl() + "/orders")
            .then()
            .statusCode(201)
            .extract()
            .path("id");

    List<Map<String, Object>> sent = awaitNotifications(orderId, 1);
    assertEquals(1, sent.size());
    Map<String, Object> notification = sent.get(0);
    assertEquals(user, notification.get("userId"));
    // The notification is the mail the mail server received, to the user's address.
    String email = emailOf(user);
    List<Mailbox.Message> mails = mailbox().await(email, 1, DELIVERY);
    assertEquals("Your order " + orderId + " was received", mails.getFirst().subject());
    assertTrue(mails.getFirst().text().contains("Total:"), mails.getFirst().text());
    as(user)
        .get(platform.notifications.baseUrl() + "/notifications?orderId=" + orderId)
        .then()
        .statusCode(200)
        .body("items.size()", equalTo(1));
    for (String url :
        List.of(
            platform.users.baseUrl() + "/users/" + user,
            platform.orders.baseUrl() + "/orders/" + orderId,
            platform.notifications.baseUrl() + "/notifications?orderId=" + orderId)) {
      given().get(url).then().statusCode(401).contentType("application/problem+json");
    }
    assertEquals(
        traceId,
        notification.get("traceId"),
        "order-service → SQS → notification-service is one trace");

    JsonNode event = JSON.readTree(outboxPayload(orderId));
    assertEquals(java.util.Set.of(), Contracts.orderCreatedV1().validate(event));
    assertEquals(event.get("eventId").asText(), notification.get("eventId"));

    // Still exactly one after the consumer had time to see a redelivery, if there were one.
    Thread.sleep(3_000);
    assertEquals(1, notifications(orderId).size());
    assertEquals(1, mailbox().count(email), "one mail for one order");

    String orderLog = Files.readString(platform.orders.logFile());
    assertTrue(
        orderLog
            .lines()
            .anyMatch(l -> l.startsWith("{") && l.contains(orderId) && l.contains(traceId)),
        "order-service logs JSON with the trace id");
  }

  @Test
  @Order(2)
  void theSameEventDeliveredTwiceGivesOneNotification() throws Exception {
    String user = createUser();
    String orderId = placeOrder(user);
    awaitNotifications(orderId, 1);
    double duplicatesBefore =
        metric(platform.notifications.managementUrl(), "notifications_duplicate_total");
    String payload = outboxPayload(orderId);
    try (SqsClient sqs = platform.stack.sqs.client()) {
      for (int i = 0; i < 2; i++) {
        sqs.sendMessage(b -> b.queueUrl(platform.stack.sqs.queueUrl()).messageBody(payload));
      }
    }
    await()
        .atMost(DELIVERY)
        .until(
            () ->
                metric(platform.notifications.managementUrl(), "notifications_duplicate_total")
                    >= duplicatesBefore + 2);
    assertEquals(1, notifications(orderId).size());
    assertEquals(1, mailbox().count(emailOf(user)), "the copies of the event sent no second mail");
  }

  @Test
  @Order(3)
  void aPoisonMessageLandsInTheDeadLetterQueueAfterFiveReceives() {
    String marker = "poison-" + UUID.randomUUID();
    try (SqsClient sqs = platform.stack.sqs.client()) {
      sqs.sendMessage(
          b -> b.queueUrl(platform.stack.sqs.queueUrl()).messageBody("{not json " + marker));
      Message dead =
          await()
              .atMost(Duration.ofSeconds(120))
              .pollInterval(Duration.ofSeconds(1))
              .until(() -> deadLetter(sqs, marker), java.util.Objects::nonNull);
      int receives =
          Integer.parseInt(
              dead.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
      assertTrue(receives >= 5, "moved after 5 receives, saw " + receives);
    }
  }

  /**
   * DESIGN §7: dashboards and alerts may only use metrics seen on a real scrape. Every service
   * metric of observability/metrics-catalog.txt (the only names `make obs-check` lets rules and
   * dashboards use) must be on the /metrics of its service, after the traffic of the tests above.
   * The scrapes are kept in target/scrapes/ for whoever updates the catalog.
   */
  @Test
  @Order(4)
  void everyServiceMetricOfTheCatalogIsOnARealScrape() throws Exception {
    // A user read and an order read, so both services have served their GET routes too.
    String user = createUser();
    admin().get(platform.users.baseUrl() + "/users/" + user).then().statusCode(200);
    admin().get(platform.orders.baseUrl() + "/orders?userId=" + user).then().statusCode(200);

    Map<String, Set<String>> catalog = metricsCatalog();
    // The catalog cannot pass by being emptied: the contract's metrics must be in it.
    assertTrue(
        catalog
            .get("order-service")
            .containsAll(
                List.of(
                    "orders_created_total",
                    "outbox_pending",
                    "http_server_requests_seconds_count",
                    "http_server_requests_seconds_bucket")),
        "catalog lists order-service's contract metrics");
    assertTrue(
        catalog
            .get("notification-service")
            .containsAll(
                List.of(
                    "notifications_sent_total",
                    "notifications_duplicate_total",
                    "notification_lag_seconds_bucket",
                    "notification_lag_seconds_count")),
        "catalog lists notification-service's contract metrics");
    assertTrue(
        catalog.get("user-service").contains("http_server_requests_seconds_bucket"),
        "catalog lists user-service's latency buckets");

    Map<String, String> urls =
        Map.of(
            "order-service", platform.orders.managementUrl(),
            "user-service", platform.users.managementUrl(),
            "notification-service", platform.notifications.managementUrl());
    Path scrapes = Files.createDirectories(Path.of("target", "scrapes"));
    StringBuilder missing = new StringBuilder();
    for (Map.Entry<String, Set<String>> e : catalog.entrySet()) {
      String body =
          given()
              .get(urls.get(e.getKey()) + "/metrics")
              .then()
              .statusCode(200)
              .extract()
              .asString();
      Files.writeString(scrapes.resolve(e.getKey() + ".prom"), body);
      Set<String> seen =
          body.lines()
              .filter(l -> !l.isBlank() && !l.startsWith("#"))
              .map(l -> l.split("[{ ]", 2)[0])
              .collect(Collectors.toSet());
      for (String name : e.getValue()) {
        if (!seen.contains(name)) {
          missing.append("\n  ").append(e.getKey()).append(' ').append(name);
        }
      }
    }
    assertEquals(
        "",
        missing.toString(),
        "metrics in observability/metrics-catalog.txt but not on the service's /metrics"
            + " (scrapes in e2e/target/scrapes/)");
  }

  /**
   * DESIGN §7 and §9: no email and no token in any service's log at the levels they log by default,
   * after the paths that could leak them (a user registered, refused for a duplicate email,
   * renamed, a call with a forged token, an order placed with the user's token).
   */
  @Test
  @Order(5)
  void noEmailAndNoTokenInAnyServiceLog() throws Exception {
    String user = UUID.randomUUID().toString();
    String email = "pii-" + UUID.randomUUID() + "@example.com";
    String token = platform.tokens.user(UUID.fromString(user));
    Map<String, String> body = Map.of("name", "Pii Probe", "email", email);
    as(user)
        .contentType(ContentType.JSON)
        .body(body)
        .post(platform.users.baseUrl() + "/users")
        .then()
        .statusCode(201);
    admin()
        .contentType(ContentType.JSON)
        .body(body)
        .post(platform.users.baseUrl() + "/users")
        .then()
        .statusCode(409);
    as(user)
        .contentType(ContentType.JSON)
        .body(Map.of("name", "Pii Probe", "email", "not an email " + email))
        .put(platform.users.baseUrl() + "/users/" + user)
        .then()
        .statusCode(400);
    String forged = token.substring(0, token.lastIndexOf('.') + 1) + "forged-signature";
    for (String url :
        List.of(
            platform.users.baseUrl() + "/users/" + user,
            platform.orders.baseUrl() + "/orders",
            platform.notifications.baseUrl() + "/notifications?orderId=" + user)) {
      given().auth().oauth2(forged).get(url).then().statusCode(401);
    }
    String orderId = placeOrder(user);
    awaitNotifications(orderId, 1);

    String signature = token.substring(token.lastIndexOf('.') + 1);
    for (var s : List.of(platform.users, platform.orders, platform.notifications)) {
      String log = Files.readString(s.logFile());
      assertFalse(log.contains(email), s.name() + " logged an email address");
      assertFalse(log.contains("@example.com"), s.name() + " logged an email address");
      assertFalse(log.contains(signature), s.name() + " logged a bearer token");
      assertFalse(log.contains("forged-signature"), s.name() + " logged a (forged) bearer token");
      assertFalse(log.contains("eyJ"), s.name() + " logged something that looks like a JWT");
    }
  }

  /** Service → metric names, from the lines of the catalog whose source is one of our services. */
  private Map<String, Set<String>> metricsCatalog() throws IOException {
    Map<String, Set<String>> out = new TreeMap<>();
    for (String service : List.of("order-service", "user-service", "notification-service")) {
      out.put(service, new TreeSet<>());
    }
    for (String line :
        Files.readAllLines(platform.root.resolve("observability/metrics-catalog.txt"))) {
      String[] parts = line.replaceAll("#.*", "").trim().split("\\s+");
      if (parts.length == 2 && out.containsKey(parts[0])) {
        out.get(parts[0]).add(parts[1]);
      }
    }
    return out;
  }

  @Test
  @Order(10)
  void userServiceDownIs503WithNoOrderAndTheCircuitOpens() throws Exception {
    String user = createUser();
    platform.users.stop();
    try {
      for (int i = 0; i < 4; i++) {
        admin()
            .contentType(ContentType.JSON)
            .body(order(user))
            .post(platform.orders.baseUrl() + "/orders")
            .then()
            .statusCode(503)
            .contentType("application/problem+json")
            .header("Retry-After", notNullValue());
      }
      admin()
          .get(platform.orders.baseUrl() + "/orders?userId=" + user)
          .then()
          .body("total", equalTo(0));
      assertTrue(
          metric(platform.orders.managementUrl(), "ft_circuitbreaker_opened_total") >= 1,
          "the circuit breaker opened");
    } finally {
      platform.users.start();
      platform.users.awaitReady(Duration.ofSeconds(120));
    }
    // Half-open after the breaker's delay: orders flow again without restarting order-service.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () ->
                admin()
                        .contentType(ContentType.JSON)
                        .body(order(user))
                        .post(platform.orders.baseUrl() + "/orders")
                        .statusCode()
                    == 201);
  }

  @Test
  @Order(11)
  void sqsDownOrdersAreAcceptedAndEveryEventArrivesAfterwards() throws Exception {
    String user = createUser();
    platform.stack.sqs.stop();
    String orderId;
    try {
      orderId = placeOrder(user);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> metric(platform.orders.managementUrl(), "outbox_pending") >= 1);
      assertTrue(notifications(orderId).isEmpty());
    } finally {
      platform.stack.sqs.start();
    }
    List<Map<String, Object>> sent = awaitNotifications(orderId, 1);
    assertEquals(1, sent.size(), "nothing lost, nothing doubled");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> metric(platform.orders.managementUrl(), "outbox_pending") == 0);
  }

  @Test
  @Order(12)
  void postgresDownIs503NotA500AndServiceResumesWhenItReturns() throws Exception {
    String user = createUser();
    platform.stack.postgres.stop();
    try {
      admin()
          .contentType(ContentType.JSON)
          .body(Map.of("name", "Nobody", "email", "nobody-" + UUID.randomUUID() + "@example.com"))
          .post(platform.users.baseUrl() + "/users")
          .then()
          .statusCode(503)
          .contentType("application/problem+json")
          .header("Retry-After", notNullValue())
          .body("type", equalTo("urn:kubeflow-ops:problem:database-unavailable"));
      admin().get(platform.users.baseUrl() + "/users/" + user).then().statusCode(503);
      admin()
          .contentType(ContentType.JSON)
          .body(order(user))
          .post(platform.orders.baseUrl() + "/orders")
          .then()
          .statusCode(503)
          .contentType("application/problem+json");
      given().get(platform.users.managementUrl() + "/health/ready").then().statusCode(503);
    } finally {
      platform.stack.postgres.start();
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                admin()
                        .contentType(ContentType.JSON)
                        .body(order(user))
                        .post(platform.orders.baseUrl() + "/orders")
                        .statusCode()
                    == 201);
  }

  // --- helpers
  // ---------------------------------------------------------------------------------------------

  /** A user who registered themselves with their own token (its subject is their id). */
  private Mailbox mailbox() {
    return new Mailbox(platform.stack.inboxUrl());
  }

  private String emailOf(String user) {
    return as(user)
        .get(platform.users.baseUrl() + "/users/" + user)
        .then()
        .statusCode(200)
        .extract()
        .path("email");
  }

  private String createUser() {
    String id = UUID.randomUUID().toString();
    return as(id)
        .contentType(ContentType.JSON)
        .body(Map.of("name", "E2E User", "email", "e2e-" + UUID.randomUUID() + "@example.com"))
        .post(platform.users.baseUrl() + "/users")
        .then()
        .statusCode(201)
        .body("id", equalTo(id))
        .extract()
        .path("id");
  }

  private RequestSpecification admin() {
    return given().auth().oauth2(platform.tokens.admin());
  }

  private RequestSpecification as(String userId) {
    return given().auth().oauth2(platform.tokens.user(UUID.fromString(userId)));
  }

  private static Map<String, Object> order(String userId) {
    return Map.of(
        "userId",
        userId,
        "currency",
        "EUR",
        "items",
        List.of(Map.of("sku", "E2E-1", "quantity", 2, "unitPrice", 19.99)));
  }

  private String placeOrder(String user) {
    return as(user)
        .contentType(ContentType.JSON)
        .body(order(user))
        .post(platform.orders.baseUrl() + "/orders")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private List<Map<String, Object>> notifications(String orderId) {
    return admin()
        .get(platform.notifications.baseUrl() + "/notifications?orderId=" + orderId)
        .then()
        .statusCode(200)
        .extract()
        .path("items");
  }

  private List<Map<String, Object>> awaitNotifications(String orderId, int count) {
    return await().atMost(DELIVERY).until(() -> notifications(orderId), l -> l.size() >= count);
  }

  private String outboxPayload(String orderId) throws Exception {
    try (Connection c = platform.database();
        PreparedStatement ps =
            c.prepareStatement("SELECT payload::text FROM orders.outbox WHERE aggregate_id = ?")) {
      ps.setObject(1, UUID.fromString(orderId));
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "the order's event is in the outbox");
        String payload = rs.getString(1);
        assertFalse(rs.next(), "exactly one event per order");
        return payload;
      }
    }
  }

  private Message deadLetter(SqsClient sqs, String marker) {
    return sqs
        .receiveMessage(
            b ->
                b.queueUrl(platform.stack.sqs.dlqUrl())
                    .maxNumberOfMessages(10)
                    .messageSystemAttributeNames(
                        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
        .messages()
        .stream()
        .filter(m -> m.body().contains(marker))
        .findFirst()
        .orElse(null);
  }

  /** The value of an unlabelled metric, or the sum over its labelled series. */
  static double metric(String baseUrl, String name) {
    String body = given().get(baseUrl + "/metrics").then().statusCode(200).extract().asString();
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)").matcher(body);
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(2));
    }
    return sum;
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    b[0] |= 1; // never all zeros: an all-zero id is invalid in W3C trace context
    return b;
  }
}
