package io.kubeflowops.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubeflowops.bench.Api;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongFunction;

/** The three load scenarios as open-loop targets. */
public final class Scenarios {
  /** Healthy: p99 at most this, no error (a benchmark step passes, a chaos run has recovered). */
  public static final double P99_BUDGET_MS = 50;

  /** A request without an answer after this long counts as an error ("timeout"). */
  public static final java.time.Duration REQUEST_TIMEOUT = java.time.Duration.ofSeconds(5);

  /** An order the API accepted (201), with the creation time it reported. */
  public record Accepted(UUID orderId, Instant createdAt, long acceptedAtNanos) {}

  private Scenarios() {}

  /** POST /users with a unique email each time. */
  public static OpenLoop.Target createUser(String usersUrl, String runId) {
    return target(
        seq ->
            Api.createUser(usersUrl, "bench-" + runId + "-" + UUID.randomUUID() + "@example.com"),
        201);
  }

  /**
   * POST /orders for users taken in turn from a pool: the full path (user check over REST, order
   * and outbox row in one transaction; the relay and the consumer then carry the event on). Every
   * 201 goes into the ledger.
   */
  public static OpenLoop.Target createOrder(
      String ordersUrl, List<String> users, Queue<Accepted> ledger) {
    return new OpenLoop.Target() {
      @Override
      public HttpRequest.Builder request(long seq) {
        return Api.createOrder(ordersUrl, users.get((int) (seq % users.size())));
      }

      @Override
      public int expectedStatus() {
        return 201;
      }

      @Override
      public void onSuccess(long seq, HttpResponse<String> response) {
        try {
          JsonNode order = Api.JSON.readTree(response.body());
          ledger.add(
              new Accepted(
                  UUID.fromString(order.get("id").asText()),
                  Api.instant(order, "createdAt"),
                  System.nanoTime()));
        } catch (IOException | RuntimeException e) {
          // A 201 whose body cannot be read is still an accepted order; chaos reconciles via the
          // database, so nothing is lost from the books here.
          System.getLogger("bench").log(System.Logger.Level.WARNING, "unreadable 201 body", e);
        }
      }
    };
  }

  /** GET /orders/{id} over orders created earlier. */
  public static OpenLoop.Target getOrder(String ordersUrl, List<UUID> orders) {
    return target(
        seq -> Api.get(ordersUrl + "/orders/" + orders.get((int) (seq % orders.size()))), 200);
  }

  public static Queue<Accepted> newLedger() {
    return new ConcurrentLinkedQueue<>();
  }

  private static OpenLoop.Target target(LongFunction<HttpRequest.Builder> request, int status) {
    return new OpenLoop.Target() {
      @Override
      public HttpRequest.Builder request(long seq) {
        return request.apply(seq);
      }

      @Override
      public int expectedStatus() {
        return status;
      }
    };
  }
}
