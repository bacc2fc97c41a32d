package io.kubeflowops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubeflowops.devstack.testing.Tokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every call the harness makes to the services, in one place: the request builders the load uses
 * and the blocking calls for set-up, checks and scrapes. Whatever every API request must carry goes
 * into {@link #request}.
 */
public final class Api {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  /** The platform's issuer: every API call carries an admin's bearer token from it. */
  private static volatile Tokens tokens;

  private Api() {}

  static void useIssuer(String issuerUrl) {
    tokens = new Tokens(issuerUrl);
  }

  /** The base of every API request. */
  private static HttpRequest.Builder request(String url) {
    // Tokens keeps the token until shortly before it expires: no issuer call per request.
    Tokens t = tokens;
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    return t == null ? b : b.header("Authorization", Tokens.bearer(t.admin()));
  }

  private static HttpRequest.Builder postJson(String url, String body) {
    return request(url)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  // --- the requests (the load sends these too)
  // ----------------------------------------------------

  public static HttpRequest.Builder createUser(String usersUrl, String email) {
    return postJson(usersUrl + "/users", "{\"name\":\"Bench User\",\"email\":\"" + email + "\"}");
  }

  public static HttpRequest.Builder createOrder(String ordersUrl, String userId) {
    return postJson(
        ordersUrl + "/orders",
        "{\"userId\":\""
            + userId
            + "\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"BENCH-1\",\"quantity\":2,\"unitPrice\":12.50},"
            + "{\"sku\":\"BENCH-2\",\"quantity\":1,\"unitPrice\":1.99}]}");
  }

  /** GET of an API path ({@code /orders/{id}}, {@code /users?page=0}, ...). */
  public static HttpRequest.Builder get(String url) {
    return request(url).GET();
  }

  /** GET of an operations endpoint ({@code /metrics}, {@code /health/ready}). */
  public static HttpRequest.Builder operations(String url) {
    return HttpRequest.newBuilder(URI.create(url)).GET();
  }

  // --- blocking calls
  // -------------------------------------------------------------------------------

  public static JsonNode call(HttpRequest.Builder request, int expected)
      throws IOException, InterruptedException {
    String body = text(request, expected);
    return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
  }

  public static String text(HttpRequest.Builder request, int expected)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) {
      throw new IOException(
          request.build().uri() + " answered " + r.statusCode() + " (expected " + expected + ")");
    }
    return r.body();
  }

  /** Users to place orders for. */
  public static List<String> createUsers(String usersUrl, String runId, int n)
      throws IOException, InterruptedException {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String email = "pool-" + runId + "-" + i + "@example.com";
      ids.add(call(createUser(usersUrl, email), 201).get("id").asText());
    }
    return ids;
  }

  /** The notifications recorded for an order (empty if none). */
  public static List<JsonNode> notifications(String notificationsUrl, UUID orderId)
      throws IOException, InterruptedException {
    JsonNode items =
        call(get(notificationsUrl + "/notifications?orderId=" + orderId), 200).get("items");
    List<JsonNode> out = new ArrayList<>();
    items.forEach(out::add);
    return out;
  }

  public static Instant instant(JsonNode node, String field) {
    return Instant.parse(node.get(field).asText());
  }

  /** The value of an unlabelled metric, or the sum over its labelled series; NaN if unreachable. */
  public static double metric(String baseUrl, String name) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              operations(baseUrl + "/metrics").timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      return sum(r.body(), name);
    } catch (IOException e) {
      return Double.NaN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Double.NaN;
    }
  }

  static double sum(String prometheusText, String name) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+|NaN)")
            .matcher(prometheusText);
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(2));
    }
    return sum;
  }
}
