package io.kubeflowops.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A real PostgreSQL server (binaries from Maven Central) with the {@code kubeflow} database. */
public final class PostgresServer implements Server {
  public static final String DATABASE = "kubeflow";
  public static final String USER = "kubeflow";
  public static final String PASSWORD = "kubeflow";

  private final int port;
  private final Path dataDir;
  private EmbeddedPostgres postgres;

  public PostgresServer(int port, Path dataDir) {
    this.port = port;
    this.dataDir = dataDir;
  }

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  public synchronized void start() throws IOException {
    if (postgres != null) {
      return;
    }
    boolean fresh = !Files.exists(dataDir.resolve("PG_VERSION"));
    Files.createDirectories(dataDir);
    postgres =
        EmbeddedPostgres.builder()
            .setPort(port)
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .setServerConfig("max_connections", "200")
            .start();
    if (fresh) {
      createAppDatabase();
    }
  }

  /**
   * initdb's default is {@code trust}: any password logs in. After this, as on RDS, TCP logins
   * other than the superuser this class uses for set-up must prove their password (SCRAM), so a
   * wrong or rotated password fails here as it would there. Opt-in (the credential-rotation test):
   * under heavy machine load the benchmark's cold service JVMs then miss their 3 s pool acquisition
   * timeout at start, which trust never did.
   */
  public void requirePasswords() throws IOException {
    Files.writeString(
        dataDir.resolve("pg_hba.conf"),
        String.join(
            "\n",
            "# Written by devstack PostgresServer: the superuser (set-up only) without, everyone else with a password.",
            "local all all trust",
            "host all postgres 127.0.0.1/32 trust",
            "host all postgres ::1/128 trust",
            "host all all 127.0.0.1/32 scram-sha-256",
            "host all all ::1/128 scram-sha-256",
            ""));
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("SELECT pg_reload_conf()");
    } catch (SQLException e) {
      throw new IOException("could not reload pg_hba.conf", e);
    }
  }

  private void createAppDatabase() throws IOException {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
      s.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
    } catch (SQLException e) {
      throw new IOException("could not create the " + DATABASE + " database", e);
    }
  }

  /**
   * A login role that owns one schema and nothing else, as each service has on AWS: it can create
   * its tables there (Flyway) and cannot read or change another service's schema.
   */
  public void createServiceRole(String role, String schema, String password) throws IOException {
    admin(
        "postgres",
        "CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'",
        "GRANT CONNECT ON DATABASE " + DATABASE + " TO " + role);
    admin(
        DATABASE,
        "CREATE SCHEMA IF NOT EXISTS " + schema + " AUTHORIZATION " + role,
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
  }

  /** Sets a role's password, as a rotation does: sessions already open stay logged in. */
  public void setPassword(String role, String password) throws IOException {
    admin("postgres", "ALTER ROLE " + role + " PASSWORD '" + password + "'");
  }

  /** Runs statements in a database as the superuser. */
  private void admin(String database, String... statements) throws IOException {
    try (Connection c = postgres.getDatabase("postgres", database).getConnection();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IOException("PostgreSQL admin statement failed: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void stop() throws IOException {
    if (postgres != null) {
      postgres.close();
      postgres = null;
    }
  }

  @Override
  public int port() {
    return port;
  }

  public String jdbcUrl() {
    return jdbcUrl(port);
  }

  /** The JDBC URL of the database on another port (a proxy in front of this server). */
  public static String jdbcUrl(int port) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
  }

  @Override
  public String endpoint() {
    return jdbcUrl() + " (user " + USER + ", password " + PASSWORD + ")";
  }
}
