package io.kubeflowops.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubeflowops.devstack.testing.Tokens;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * {@code make demo}: against a running {@code make run}, shows that a call without a token is
 * refused, then as one user (the token in {@code TOKEN}, e.g. {@code TOKEN=$(make -s token)}, else
 * a new user's) registers, places an order and waits for the notification, printing each step.
 */
public final class Demo {
  private static final PrintStream OUT = System.out;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private Demo() {}

  public static void main(String[] args) throws Exception {
    String users = url("USER_SERVICE_URL", 8002);
    String orders = url("ORDER_SERVICE_URL", 8001);
    String notifications = url("NOTIFICATION_SERVICE_URL", 8003);
    List<String> docs =
        List.of(
            url("ORDER_SERVICE_MANAGEMENT_URL", 9001) + "/docs",
            url("USER_SERVICE_MANAGEMENT_URL", 9002) + "/docs",
            url("NOTIFICATION_SERVICE_MANAGEMENT_URL", 9003) + "/docs");
    String token = System.getenv("TOKEN");
    try {
      if (token == null || token.isBlank()) {
        token = Tokens.local().user(UUID.randomUUID());
      }
      run(users, orders, notifications, token.strip());
      OUT.println("done. Swagger UI: " + String.join("  ", docs));
    } catch (IOException | UncheckedIOException e) {
      OUT.println("error: " + e.getMessage() + " — is `make run` up in another terminal?");
      System.exit(1);
    }
  }

  private static void run(String users, String orders, String notifications, String token)
      throws Exception {
    String email = "demo-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    String newUser = "{\"name\":\"Demo User\",\"email\":\"" + email + "\"}";
    OUT.println("0. without a token          POST " + users + "/users");
    HttpResponse<String> refused = send("POST", users + "/users", newUser, null);
    if (refused.statusCode() != 401) {
      throw new IOException("a call without a token answered " + refused.statusCode());
    }
    OUT.println("   -> 401 " + JSON.readTree(refused.body()).path("detail").asText());
    OUT.println("1. register as the token's user  POST " + users + "/users");
    HttpResponse<String> registered = send("POST", users + "/users", newUser, token);
    JsonNode user;
    if (registered.statusCode() == 409
        && JSON.readTree(registered.body()).path("type").asText().endsWith(":user-exists")) {
      // The same TOKEN as an earlier demo: that user is registered already.
      String me = subject(token);
      user = call("GET", users + "/users/" + me, null, 200, token);
      OUT.println("   -> 409 already registered; GET /users/" + me + " -> 200");
    } else if (registered.statusCode() == 201) {
      user = JSON.readTree(registered.body());
      OUT.println("   -> 201 user " + user.get("id").asText() + " (the token's subject)");
    } else {
      throw new IOException(
          "POST "
              + users
              + "/users answered "
              + registered.statusCode()
              + ": "
              + registered.body());
    }

    OUT.println("2. place an order           POST " + orders + "/orders");
    String body =
        "{\"userId\":\""
            + user.get("id").asText()
            + "\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"BOOK-1\",\"quantity\":2,\"unitPrice\":12.50},"
            + "{\"sku\":\"PEN-7\",\"quantity\":1,\"unitPrice\":1.99}]}";
    long placed = System.nanoTime();
    JsonNode order = call("POST", orders + "/orders", body, 201, token);
    String orderId = order.get("id").asText();
    OUT.println(
        "   -> 201 order "
            + orderId
            + " total "
            + order.get("total")
            + " "
            + order.get("currency").asText());
    OUT.println(
        "      (checked the user at user-service with order-service's own service token, wrote the"
            + " order and its event in one transaction)");

    OUT.println(
        "3. wait for the notification GET " + notifications + "/notifications?orderId=" + orderId);
    OUT.println(
        "      (outbox relay -> SQS order-events -> notification-service -> mail -> PostgreSQL record)");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode list =
          call("GET", notifications + "/notifications?orderId=" + orderId, null, 200, token)
              .get("items");
      if (list.size() > 0) {
        JsonNode n = list.get(0);
        OUT.printf(
            "   -> %d notification after %d ms: \"%s\"%n",
            list.size(), (System.nanoTime() - placed) / 1_000_000, n.path("message").asText());
        OUT.println(
            "      event " + n.path("eventId").asText() + ", trace " + n.path("traceId").asText());
        OUT.println(
            "      the confirmation mail to the user is in the inbox: "
                + url("MAIL_INBOX_URL", 8025));
        OUT.println("4. the same order through the API: GET " + orders + "/orders/" + orderId);
        OUT.println(
            "   -> status "
                + call("GET", orders + "/orders/" + orderId, null, 200, token)
                    .get("status")
                    .asText());
        return;
      }
      Thread.sleep(250);
    }
    OUT.println("error: no notification after 30 s; see .run/logs/notification-service.log");
    System.exit(1);
  }

  private static JsonNode call(String method, String url, String body, int expected, String token)
      throws IOException, InterruptedException {
    HttpResponse<String> r = send(method, url, body, token);
    if (r.statusCode() != expected) {
      throw new IOException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  private static HttpResponse<String> send(String method, String url, String body, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      b.header("Authorization", Tokens.bearer(token));
    }
    b =
        body == null
            ? b.method(method, HttpRequest.BodyPublishers.noBody())
            : b.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The token's subject, read (not verified: the services do that) from its payload. */
  private static String subject(String token) throws IOException {
    String[] parts = token.split("\\.");
    if (parts.length != 3) {
      throw new IOException("TOKEN is not a JWT");
    }
    return JSON.readTree(Base64.getUrlDecoder().decode(parts[1])).path("sub").asText();
  }

  private static String url(String env, int port) {
    String v = System.getenv(env);
    return v == null || v.isBlank() ? "http://127.0.0.1:" + port : v;
  }
}
