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

  private void createAppDatabase() throws IOException {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
      s.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
    } catch (SQLException e) {
      throw new IOException("could not create the " + DATABASE + " database", e);
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
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
  }

  @Override
  public String endpoint() {
    return jdbcUrl() + " (user " + USER + ", password " + PASSWORD + ")";
  }
}
