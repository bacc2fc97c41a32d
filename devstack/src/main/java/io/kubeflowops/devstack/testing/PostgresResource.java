package io.kubeflowops.devstack.testing;

import io.kubeflowops.devstack.Ports;
import io.kubeflowops.devstack.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A real PostgreSQL for a {@code @QuarkusTest}, on a free port, with a throw-away data folder. */
public final class PostgresResource implements QuarkusTestResourceLifecycleManager {
  private PostgresServer postgres;

  @Override
  public Map<String, String> start() {
    try {
      Path dir = Files.createTempDirectory("pg-");
      postgres = new PostgresServer(Ports.free(), dir.resolve("data"));
      postgres.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // db.user / db.password: services whose datasource takes its login from a credentials provider
    // (DbCredentials) read these; quarkus.datasource.* serve a plain datasource.
    return Map.of(
        "quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
        "quarkus.datasource.username", PostgresServer.USER,
        "quarkus.datasource.password", PostgresServer.PASSWORD,
        "db.user", PostgresServer.USER,
        "db.password", PostgresServer.PASSWORD);
  }

  @Override
  public void stop() {
    try {
      postgres.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
