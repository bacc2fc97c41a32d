package io.kubeflowops.devstack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Bearer tokens from the local OIDC issuer, asked for over its token endpoint as any OAuth2 client
 * would: the one helper that tests, the benchmarks, {@code make demo} and {@code make token} use.
 *
 * <ul>
 *   <li>{@link #user(UUID)}: a user whose id is the token's subject (password grant);
 *   <li>{@link #admin(UUID)}: the same with the {@code admin} group;
 *   <li>{@link #service(String)}: a service's own identity (client credentials, scope {@value
 *       #SERVICE_SCOPE}), as order-service gets one to call user-service.
 * </ul>
 *
 * Tokens are kept until ten minutes before they expire, so a load generator can ask for one per
 * request without loading the issuer.
 */
public final class Tokens {
  public static final String SERVICE_SCOPE = "kubeflow-ops/service";

  /** The client that people and tests log in with; the local issuer accepts any client. */
  public static final String CLI_CLIENT = "kubeflow-ops-cli";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private record Cached(String token, long refreshAtNanos) {}

  private final String issuer;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /** Tokens of the issuer at this URL (a service's {@code OIDC_ISSUER}). */
  public Tokens(String issuerUrl) {
    this.issuer = issuerUrl;
  }

  /** The issuer of {@code OIDC_ISSUER}, or the one {@code make run} starts (on OIDC_PORT). */
  public static Tokens local() {
    String issuer = System.getenv("OIDC_ISSUER");
    String port = System.getenv("OIDC_PORT");
    if (issuer == null || issuer.isBlank()) {
      issuer =
          "http://127.0.0.1:"
              + (port == null || port.isBlank() ? "8090" : port.strip())
              + "/kubeflow-ops";
    }
    return new Tokens(issuer);
  }

  public String issuer() {
    return issuer;
  }

  public String user(UUID userId) {
    return password(userId, "openid");
  }

  public String admin(UUID userId) {
    return password(userId, "openid admin");
  }

  /** An admin with an id of its own. */
  public String admin() {
    return admin(UUID.nameUUIDFromBytes("kubeflow-ops-admin".getBytes(StandardCharsets.UTF_8)));
  }

  public String service(String clientId) {
    return token(
        Map.of(
            "grant_type",
            "client_credentials",
            "client_id",
            clientId,
            "client_secret",
            "local",
            "scope",
            SERVICE_SCOPE));
  }

  /** The value of an Authorization header. */
  public static String bearer(String token) {
    return "Bearer " + token;
  }

  private String password(UUID userId, String scope) {
    return token(
        Map.of(
            "grant_type",
            "password",
            "username",
            userId.toString(),
            "password",
            "local",
            "client_id",
            CLI_CLIENT,
            "scope",
            scope));
  }

  private String token(Map<String, String> form) {
    String key = new java.util.TreeMap<>(form).toString();
    Cached c = cache.get(key);
    if (c != null && System.nanoTime() < c.refreshAtNanos()) {
      return c.token();
    }
    String body =
        form.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(issuer + "/token"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IOException(issuer + "/token answered " + r.statusCode() + ": " + r.body());
      }
      JsonNode json = JSON.readTree(r.body());
      String token = json.get("access_token").asText();
      long lifetime = Math.max(0, json.path("expires_in").asLong(3600) - 600);
      cache.put(key, new Cached(token, System.nanoTime() + Duration.ofSeconds(lifetime).toNanos()));
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("no token from the OIDC issuer " + issuer, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking " + issuer + " for a token", e);
    }
  }
}
