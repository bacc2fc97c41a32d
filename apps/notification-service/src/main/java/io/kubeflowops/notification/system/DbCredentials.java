package io.kubeflowops.notification.system;

import io.quarkus.arc.Unremovable;
import io.quarkus.credentials.CredentialsProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The database user and password, read for every new pooled connection (Agroal asks the provider
 * each time it opens one, and Flyway at start-up). With {@code DB_CREDENTIALS_DIR} set they come
 * from the files {@code username} and {@code password} there: a Kubernetes Secret mounted as a
 * volume, which the kubelet rewrites when External Secrets syncs a rotated password. Connections
 * already open stay logged in (PostgreSQL checks the password only when a session starts); new ones
 * use the new password, so a rotation needs no restart. Without it: {@code DB_USER} / {@code
 * DB_PASSWORD}, read once (local runs and tests).
 */
@ApplicationScoped
@Unremovable
@Named("db-credentials")
class DbCredentials implements CredentialsProvider {
  private final Optional<Path> dir;
  private final String user;
  private final String password;

  DbCredentials(
      @ConfigProperty(name = "db.credentials-dir") Optional<Path> dir,
      @ConfigProperty(name = "db.user") String user,
      @ConfigProperty(name = "db.password") String password) {
    this.dir = dir;
    this.user = user;
    this.password = password;
  }

  @Override
  public Map<String, String> getCredentials(String name) {
    if (dir.isEmpty()) {
      return Map.of(USER_PROPERTY_NAME, user, PASSWORD_PROPERTY_NAME, password);
    }
    return Map.of(
        USER_PROPERTY_NAME, read(dir.get().resolve("username")),
        PASSWORD_PROPERTY_NAME, read(dir.get().resolve("password")));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read database credential " + file, e);
    }
  }
}
