package io.kubeflowops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kubeflowops.devstack.Ports;
import io.kubeflowops.devstack.PostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The role bootstrap the database-roles Job runs on RDS (gitops/apps/database-roles/base/roles.py),
 * on a real PostgreSQL, as a master that is not a superuser: like RDS's master it owns the database
 * and may create roles. Before it runs, schema {@code orders} already holds a table the master
 * created (Flyway ran as the master before the services had roles of their own).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseRolesIT {
  private static final Path SCRIPT =
      Path.of(System.getProperty("repo.root", ".."))
          .resolve("gitops/apps/database-roles/base/roles.py")
          .toAbsolutePath()
          .normalize();
  private static final String SERVICES =
      "user-service:users order-service:orders notification-service:notifications";
  private static final Map<String, String> ROLES =
      Map.of(
          "user-service", "user_service",
          "order-service", "order_service",
          "notification-service", "notification_service");

  private PostgresServer postgres;
  private Path secrets;

  @BeforeAll
  void start() throws Exception {
    Path work = Files.createTempDirectory("database-roles-");
    secrets = Files.createDirectories(work.resolve("secrets"));
    postgres = new PostgresServer(Ports.free(1)[0], work.resolve("pg"));
    postgres.start();
    postgres.requirePasswords();
    try (Connection su = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "");
        Statement s = su.createStatement()) {
      s.execute("ALTER ROLE " + PostgresServer.USER + " CREATEROLE");
    }
    try (Connection master = master();
        Statement s = master.createStatement()) {
      s.execute("CREATE SCHEMA orders");
      s.execute("CREATE TABLE orders.orders (id bigserial PRIMARY KEY, total numeric)");
      s.execute("INSERT INTO orders.orders (total) VALUES (1)");
    }
    for (String service : ROLES.keySet()) {
      writeLogin(service, password(service, 1));
    }
    apply();
  }

  @AfterAll
  void stop() throws IOException {
    if (postgres != null) {
      postgres.stop();
    }
  }

  @Test
  void eachRoleLogsInWithItsPasswordAndOwnsItsSchema() throws Exception {
    for (var e : ROLES.entrySet()) {
      try (Connection c = login(e.getValue(), password(e.getKey(), 1));
          Statement s = c.createStatement()) {
        String schema = schemaOf(e.getKey());
        s.execute("CREATE TABLE " + schema + ".probe_" + e.getValue() + " (id int)");
        s.execute("DROP TABLE " + schema + ".probe_" + e.getValue());
      }
    }
  }

  @Test
  void objectsTheMasterCreatedMoveToTheServiceRole() throws Exception {
    try (Connection c = login("order_service", password("order-service", 1));
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO orders.orders (total) VALUES (2)");
      s.execute("ALTER TABLE orders.orders ADD COLUMN IF NOT EXISTS note text");
      try (ResultSet r = s.executeQuery("SELECT count(*) FROM orders.orders")) {
        r.next();
        assertEquals(2, r.getInt(1));
      }
    }
  }

  @Test
  void noRoleReachesAnotherSchemaOrPublic() throws Exception {
    try (Connection c = login("user_service", password("user-service", 1));
        Statement s = c.createStatement()) {
      assertEquals("42501", sqlState(s, "SELECT * FROM orders.orders"));
      assertEquals("42501", sqlState(s, "CREATE TABLE public.leak (id int)"));
      assertEquals("42501", sqlState(s, "CREATE TABLE notifications.leak (id int)"));
    }
  }

  @Test
  void theSqlNeverCarriesAPassword() throws Exception {
    String sql = generate();
    for (String service : ROLES.keySet()) {
      assertFalse(sql.contains(password(service, 1)), service + "'s password is in the SQL");
    }
  }

  @Test
  void rerunningIsANoOpAndANewPasswordReplacesTheOld() throws Exception {
    apply();
    writeLogin("notification-service", password("notification-service", 2));
    apply();
    try (Connection c = login("notification_service", password("notification-service", 2))) {
      assertFalse(c.isClosed());
    }
    SQLException old =
        assertThrows(
            SQLException.class,
            () -> login("notification_service", password("notification-service", 1)));
    assertEquals("28P01", old.getSQLState());
    writeLogin("notification-service", password("notification-service", 1));
    apply();
  }

  @Test
  void aShortPasswordIsRefusedBeforeAnythingRuns() throws Exception {
    writeLogin("user-service", "too-short");
    try {
      Process p = run();
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(1, p.waitFor());
      assertEquals(
          "error: the password of user-service has 9 characters; at least 32 are required",
          err.strip());
    } finally {
      writeLogin("user-service", password("user-service", 1));
    }
  }

  private static String password(String service, int generation) {
    return service + "-password-generation-" + generation + "-0123456789";
  }

  private static String schemaOf(String service) {
    return List.of(SERVICES.split(" ")).stream()
        .filter(e -> e.startsWith(service + ":"))
        .findFirst()
        .orElseThrow()
        .split(":")[1];
  }

  private void writeLogin(String service, String password) throws IOException {
    Files.writeString(secrets.resolve(service + "-username"), ROLES.get(service));
    Files.writeString(secrets.resolve(service + "-password"), password);
  }

  private Process run() throws IOException {
    ProcessBuilder pb = new ProcessBuilder("python3", SCRIPT.toString());
    pb.environment().put("SERVICES", SERVICES);
    pb.environment().put("DB_NAME", PostgresServer.DATABASE);
    pb.environment().put("SECRETS_DIR", secrets.toString());
    return pb.start();
  }

  private String generate() throws Exception {
    Process p = run();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("roles.py failed: " + err);
    }
    return out;
  }

  /** What the Job's psql does: the whole script as the master, in one transaction. */
  private void apply() throws Exception {
    String sql = generate();
    try (Connection master = master();
        Statement s = master.createStatement()) {
      s.execute(sql);
    }
  }

  private Connection master() throws SQLException {
    return login(PostgresServer.USER, PostgresServer.PASSWORD);
  }

  private Connection login(String user, String password) throws SQLException {
    return DriverManager.getConnection(postgres.jdbcUrl(), user, password);
  }

  private static String sqlState(Statement s, String sql) {
    try {
      s.execute(sql);
      return "succeeded";
    } catch (SQLException e) {
      return e.getSQLState();
    }
  }
}
