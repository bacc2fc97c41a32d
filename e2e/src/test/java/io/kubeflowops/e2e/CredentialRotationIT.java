package io.kubeflowops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeflowops.devstack.testing.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The database-credentials design (docs/adr/0004-database-credentials.md) on the real PostgreSQL:
 * each service logs in as its own role, from credential files it reads for every new connection.
 * Under steady load the roles' passwords are changed in the database (what an RDS rotation does),
 * and only {@link #PROPAGATION} later in the files (what External Secrets and the kubelet do). The
 * services must recover by themselves: after the propagation delay plus {@link #RECOVERY}, not one
 * request may fail, and the pool must be serving from connections opened with the new password.
 * Pools renew connections every 2 s here (DB_MAX_LIFETIME), the worst case for the window: every
 * new connection in it fails, user-service answers 503, and order-service's circuit breaker on
 * user-service opens, which keeps POST /orders at 503 for its 10 s delay after the files changed.
 * So the grace period is propagation + 10 s (breaker) + 5 s (a pool acquisition that began in the
 * window, 15 s here so that cold JVMs on a loaded CI machine get their first login).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CredentialRotationIT {
  private static final Duration PROPAGATION = Duration.ofSeconds(3);
  private static final Duration RECOVERY = Duration.ofSeconds(15);
  private static final Duration BEFORE = Duration.ofSeconds(4);
  private static final Duration AFTER = Duration.ofSeconds(24);
  private static final Map<String, String[]> ROLES =
      Map.of(
          "user-service", new String[] {"user_service", "users"},
          "order-service", new String[] {"order_service", "orders"});
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

  private Path creds;
  private Platform platform;

  /** The platform's issuer: the load runs as an admin. */
  private static Tokens tokens;

  record Outcome(long startedNanos, String what, int status) {}

  @BeforeAll
  void start() throws Exception {
    creds = Files.createTempDirectory("db-credentials-");
    platform =
        new Platform(
            Map.of(
                "user-service", env("user-service"),
                "order-service", env("order-service")));
    tokens = platform.tokens;
    platform.start(
        stack -> {
          stack.postgres.requirePasswords();
          for (var e : ROLES.entrySet()) {
            stack.postgres.createServiceRole(e.getValue()[0], e.getValue()[1], "first-password");
            writeCredentials(e.getKey(), e.getValue()[0], "first-password");
          }
        });
  }

  private Map<String, String> env(String service) {
    return Map.of(
        "DB_CREDENTIALS_DIR", creds.resolve(service).toString(),
        "DB_USER", "nobody",
        "DB_PASSWORD", "unused",
        "DB_MAX_LIFETIME", "2S",
        // A cold JVM's first SCRAM login on an overloaded CI machine can take longer than the 3 s
        // default.
        "DB_ACQUIRE_TIMEOUT", "15S");
  }

  @AfterAll
  void stop() throws Exception {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void passwordRotationUnderLoadLosesNoRequestAfterTheGracePeriod() throws Exception {
    String user = created(post(platform.users.baseUrl() + "/users", userJson()));
    ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    long t0 = System.nanoTime();
    long end = t0 + BEFORE.plus(PROPAGATION).plus(AFTER).toNanos();
    ExecutorService load = Executors.newFixedThreadPool(4);
    for (int i = 0; i < 4; i++) {
      load.submit(() -> drive(user, end, outcomes));
    }

    Thread.sleep(BEFORE.toMillis());
    long rotated = System.nanoTime();
    for (var role : ROLES.values()) {
      platform.stack.postgres.setPassword(role[0], "second-password");
    }
    Thread.sleep(PROPAGATION.toMillis());
    long propagated = System.nanoTime();
    for (var e : ROLES.entrySet()) {
      writeCredentials(e.getKey(), e.getValue()[0], "second-password");
    }
    load.shutdown();
    assertTrue(load.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS));

    long graceEnd = propagated + RECOVERY.toNanos();
    List<Outcome> before = between(outcomes, t0, rotated);
    List<Outcome> window = between(outcomes, rotated, graceEnd);
    List<Outcome> after = between(outcomes, graceEnd, Long.MAX_VALUE);
    long windowFailures = window.stream().filter(o -> o.status() >= 300).count();
    System.getLogger("e2e")
        .log(
            System.Logger.Level.INFO,
            String.format(
                "rotation: %d requests before (failed %d), %d in the %d s window (failed %d), %d after"
                    + " (failed %d)",
                before.size(),
                failed(before).size(),
                window.size(),
                (graceEnd - rotated) / 1_000_000_000,
                windowFailures,
                after.size(),
                failed(after).size()));
    assertEquals(List.of(), failed(before), "requests failed before the rotation");
    System.getLogger("e2e")
        .log(
            System.Logger.Level.INFO,
            "rotation: failures in the window by request: " + breakdown(window));
    assertEquals(
        List.of(),
        failed(after),
        "requests failed after the new password reached the files + "
            + RECOVERY.toSeconds()
            + " s");
    assertTrue(after.size() > 50, "too little load after the rotation: " + after.size());
    // The pools really moved to the new password: sessions opened after the files changed exist.
    for (var role : ROLES.values()) {
      assertTrue(
          sessionsOpenedSince(role[0], "second-password", propagated) > 0,
          role[0] + " has no session opened after the rotation");
    }
    assertThrows(
        SQLException.class,
        () -> login("user_service", "first-password").close(),
        "the old password still logs in: the rotation did not happen");
  }

  @Test
  void eachServiceRoleReachesOnlyItsOwnSchema() throws Exception {
    try (Connection c = login("user_service", currentPassword("user-service"));
        Statement s = c.createStatement()) {
      SQLException denied =
          assertThrows(
              SQLException.class, () -> s.executeQuery("SELECT count(*) FROM orders.orders"));
      assertEquals("42501", denied.getSQLState(), "expected permission denied, got " + denied);
      assertThrows(SQLException.class, () -> s.execute("CREATE TABLE public.x (id int)"));
    }
  }

  // --- load and bookkeeping
  // -----------------------------------------------------------------------

  private void drive(String user, long end, ConcurrentLinkedQueue<Outcome> outcomes) {
    String ordersUrl = platform.orders.baseUrl() + "/orders";
    while (System.nanoTime() < end) {
      long start = System.nanoTime();
      outcomes.add(new Outcome(start, "POST /orders", status(post(ordersUrl, orderJson(user)))));
      start = System.nanoTime();
      outcomes.add(
          new Outcome(
              start, "GET /users/{id}", status(get(platform.users.baseUrl() + "/users/" + user))));
    }
  }

  private static List<Outcome> between(
      ConcurrentLinkedQueue<Outcome> all, long fromNanos, long toNanos) {
    List<Outcome> out = new ArrayList<>();
    for (Outcome o : all) {
      if (o.startedNanos() >= fromNanos && o.startedNanos() < toNanos) {
        out.add(o);
      }
    }
    return out;
  }

  private static Map<String, Long> breakdown(List<Outcome> outcomes) {
    return failed(outcomes).stream()
        .collect(
            java.util.stream.Collectors.groupingBy(
                o -> o.what() + " " + o.status(),
                java.util.TreeMap::new,
                java.util.stream.Collectors.counting()));
  }

  private static List<Outcome> failed(List<Outcome> outcomes) {
    return outcomes.stream().filter(o -> o.status() >= 300).toList();
  }

  private void writeCredentials(String service, String user, String password) throws Exception {
    // Like the kubelet: the new files appear at once (written aside, then moved into place).
    Path dir = Files.createDirectories(creds.resolve(service));
    for (var f : Map.of("username", user, "password", password).entrySet()) {
      Path tmp = dir.resolve("." + f.getKey() + ".tmp");
      Files.writeString(tmp, f.getValue());
      Files.move(tmp, dir.resolve(f.getKey()), StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private String currentPassword(String service) throws Exception {
    return Files.readString(creds.resolve(service).resolve("password"));
  }

  private Connection login(String user, String password) throws SQLException {
    return DriverManager.getConnection(platform.stack.postgres.jdbcUrl(), user, password);
  }

  private long sessionsOpenedSince(String role, String password, long sinceNanos)
      throws SQLException {
    long agoMillis = (System.nanoTime() - sinceNanos) / 1_000_000;
    try (Connection c = login(role, password);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE usename = '"
                    + role
                    + "' AND pid <> pg_backend_pid() AND backend_start > now() - interval '"
                    + agoMillis
                    + " milliseconds'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  // --- HTTP
  // ---------------------------------------------------------------------------------------

  private static String userJson() {
    return "{\"name\":\"Rotation\",\"email\":\"rotation-" + System.nanoTime() + "@example.com\"}";
  }

  private static String orderJson(String user) {
    return "{\"userId\":\""
        + user
        + "\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"ROT-1\",\"quantity\":1,\"unitPrice\":1.5}]}";
  }

  private static HttpResponse<String> post(String url, String json) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", Tokens.bearer(tokens.admin()))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private static HttpResponse<String> get(String url) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", Tokens.bearer(tokens.admin()))
            .build());
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      return null;
    }
  }

  private static int status(HttpResponse<String> response) {
    return response == null ? 599 : response.statusCode();
  }

  private static String created(HttpResponse<String> response) {
    assertEquals(201, status(response), () -> "create failed: " + response);
    Matcher m = ID.matcher(response.body());
    assertTrue(m.find(), response.body());
    return m.group(1);
  }
}
