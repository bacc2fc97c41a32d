package io.kubeflowops.devstack.testing;

import io.kubeflowops.devstack.OidcServer;
import io.kubeflowops.devstack.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * The real local OIDC issuer for a {@code @QuarkusTest}, on a free port: the service verifies
 * tokens against its JWKS, and (order-service) gets its own client-credentials token from it.
 */
public final class OidcResource implements QuarkusTestResourceLifecycleManager {
  private static volatile Tokens tokens;
  private OidcServer server;

  @Override
  public Map<String, String> start() {
    try {
      Path dir = Files.createTempDirectory("oidc-");
      server = new OidcServer(Ports.free(), dir.resolve("oidc.log"));
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    tokens = new Tokens(server.issuerUrl());
    return Map.of(
        "quarkus.oidc.auth-server-url", server.issuerUrl(),
        "quarkus.oidc-client.auth-server-url", server.issuerUrl());
  }

  @Override
  public void stop() {
    server.stop();
  }

  /** Tokens of the running issuer. */
  public static Tokens tokens() {
    if (tokens == null) {
      throw new IllegalStateException("OidcResource is not started: add it to the test class");
    }
    return tokens;
  }

  /** A request as an admin: what tests of behaviour other than authorization run as. */
  public static RequestSpecification asAdmin() {
    return RestAssured.given().auth().oauth2(tokens().admin());
  }

  /** A request as this user. */
  public static RequestSpecification asUser(UUID userId) {
    return RestAssured.given().auth().oauth2(tokens().user(userId));
  }
}
