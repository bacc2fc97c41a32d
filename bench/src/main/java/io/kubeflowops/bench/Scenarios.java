package io.kubeflowops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The three benchmark scenarios as open-loop targets. */
final class Scenarios {
  /** An order the API accepted (201), with the creation time it reported. */
  record Accepted(UUID orderId, Instant createdAt, long acceptedAtNanos) {}

  private Scenarios() {}

  /** POST /users with a unique email each time. */
  static OpenLoop.Target createUser(String usersUrl, String runId) {
    return new OpenLoop.Target() {
      @Override
      public HttpRequest.Builder request(long seq) {
        return Api.postJson(
            usersUrl + "/users",
            Api.userBody("bench-" + runId + "-" + UUID.randomUUID() + "@example.com"));
      }

      @Override
      public int expectedStatus() {
        return 201;
      }
    };
  }

  /**
   * POST /orders for users taken in turn from a pool: the full path (user check over REST, order
   * and outbox row in one transaction; the relay and the consumer then carry the event on).
   */
  static OpenLoop.Target createOrder(String ordersUrl, List<String> users, Queue<Accepted> ledger) {
    return new OpenLoop.Target() {
      @Override
      public HttpRequest.Builder request(long seq) {
        return Api.postJson(
            ordersUrl + "/orders", Api.orderBody(users.get((int) (seq % users.size()))));
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
  static OpenLoop.Target getOrder(String ordersUrl, List<UUID> orders) {
    return new OpenLoop.Target() {
      @Override
      public HttpRequest.Builder request(long seq) {
        return Api.get(ordersUrl + "/orders/" + orders.get((int) (seq % orders.size())));
      }

      @Override
      public int expectedStatus() {
        return 200;
      }
    };
  }

  static Queue<Accepted> newLedger() {
    return new ConcurrentLinkedQueue<>();
  }
}
