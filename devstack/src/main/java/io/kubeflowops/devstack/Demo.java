package io.kubeflowops.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/**
 * {@code make demo}: against a running {@code make run}, creates a user, places an order for them
 * and waits for the notification, printing each step and what it took.
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
    try {
      run(users, orders, notifications);
    } catch (IOException e) {
      OUT.println("error: " + e.getMessage() + " — is `make run` up in another terminal?");
      System.exit(1);
    }
  }

  private static void run(String users, String orders, String notifications) throws Exception {
    String email = "demo-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    OUT.println("1. create a user            POST " + users + "/users");
    JsonNode user =
        call("POST", users + "/users", "{\"name\":\"Demo User\",\"email\":\"" + email + "\"}", 201);
    OUT.println("   -> 201 user " + user.get("id").asText() + " <" + email + ">");

    OUT.println("2. place an order           POST " + orders + "/orders");
    String body =
        "{\"userId\":\""
            + user.get("id").asText()
            + "\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"BOOK-1\",\"quantity\":2,\"unitPrice\":12.50},"
            + "{\"sku\":\"PEN-7\",\"quantity\":1,\"unitPrice\":1.99}]}";
    long placed = System.nanoTime();
    JsonNode order = call("POST", orders + "/orders", body, 201);
    String orderId = order.get("id").asText();
    OUT.println(
        "   -> 201 order "
            + orderId
            + " total "
            + order.get("total")
            + " "
            + order.get("currency").asText());
    OUT.println(
        "      (checked the user over REST, wrote the order and its event in one transaction)");

    OUT.println(
        "3. wait for the notification GET " + notifications + "/notifications?orderId=" + orderId);
    OUT.println("      (outbox relay -> SQS order-events -> notification-service -> Redis de-dup)");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode list =
          call("GET", notifications + "/notifications?orderId=" + orderId, null, 200).get("items");
      if (list.size() > 0) {
        JsonNode n = list.get(0);
        OUT.printf(
            "   -> %d notification after %d ms: \"%s\"%n",
            list.size(), (System.nanoTime() - placed) / 1_000_000, n.path("message").asText());
        OUT.println(
            "      event " + n.path("eventId").asText() + ", trace " + n.path("traceId").asText());
        OUT.println("4. the same order through the API: GET " + orders + "/orders/" + orderId);
        OUT.println(
            "   -> status "
                + call("GET", orders + "/orders/" + orderId, null, 200).get("status").asText());
        OUT.println(
            "done. Swagger UI: "
                + orders
                + "/docs  "
                + users
                + "/docs  "
                + notifications
                + "/docs");
        return;
      }
      Thread.sleep(250);
    }
    OUT.println("error: no notification after 30 s; see .run/logs/notification-service.log");
    System.exit(1);
  }

  private static JsonNode call(String method, String url, String body, int expected)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    b =
        body == null
            ? b.method(method, HttpRequest.BodyPublishers.noBody())
            : b.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) {
      throw new IOException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  private static String url(String env, int port) {
    String v = System.getenv(env);
    return v == null || v.isBlank() ? "http://127.0.0.1:" + port : v;
  }
}
