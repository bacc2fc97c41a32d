package io.kubeflowops.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubeflowops.bench.Api;
import io.kubeflowops.bench.load.Scenarios;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Watches the notification listing while the load runs and remembers, for each accepted order, when
 * its notification was first seen and the most entries the listing ever showed for it: a record of
 * its own, independent of what the listing shows at the end.
 */
final class Witness {
  record Seen(String notificationId, Instant sentAt, long seenAtNanos, int count) {}

  private final String notificationsUrl;
  private final Queue<Scenarios.Accepted> unseen = new ConcurrentLinkedQueue<>();
  private final Map<UUID, Seen> seen = new ConcurrentHashMap<>();
  private final Map<UUID, Integer> maxCount = new ConcurrentHashMap<>();
  private volatile boolean running;
  private Thread thread;

  Witness(String notificationsUrl) {
    this.notificationsUrl = notificationsUrl;
  }

  void watch(Scenarios.Accepted order) {
    unseen.add(order);
  }

  void start() {
    running = true;
    thread =
        Thread.ofPlatform()
            .name("witness")
            .daemon()
            .start(
                () -> {
                  while (running) {
                    round(150, 1_000_000_000L);
                    try {
                      Thread.sleep(300);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
  }

  void stop() throws InterruptedException {
    running = false;
    if (thread != null) {
      thread.join();
    }
  }

  /** Checks every order not seen yet, now (before a fault that wipes the listing). */
  void sweep() {
    round(Integer.MAX_VALUE, 0);
  }

  /** Checks up to {@code max} unseen orders accepted at least {@code minAgeNanos} ago. */
  private synchronized void round(int max, long minAgeNanos) {
    List<Scenarios.Accepted> batch = new ArrayList<>();
    long now = System.nanoTime();
    int n = unseen.size();
    for (int i = 0; i < n && batch.size() < max; i++) {
      Scenarios.Accepted a = unseen.poll();
      if (a == null) {
        break;
      }
      if (now - a.acceptedAtNanos() < minAgeNanos) {
        unseen.add(a);
        continue;
      }
      batch.add(a);
    }
    for (Scenarios.Accepted a : batch) {
      if (!check(a)) {
        unseen.add(a);
      }
    }
  }

  private boolean check(Scenarios.Accepted a) {
    try {
      List<JsonNode> items = Api.notifications(notificationsUrl, a.orderId());
      if (items.isEmpty()) {
        return false;
      }
      maxCount.merge(a.orderId(), items.size(), Math::max);
      JsonNode first = items.getFirst();
      seen.putIfAbsent(
          a.orderId(),
          new Seen(
              first.get("notificationId").asText(),
              Api.instant(first, "sentAt"),
              System.nanoTime(),
              items.size()));
      return true;
    } catch (IOException | RuntimeException e) {
      return false; // service or Redis down: try again next round
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  Map<UUID, Seen> seen() {
    return seen;
  }

  /** The most notifications the listing ever showed for an order (more than 1 is a duplicate). */
  int maxCount(UUID order) {
    return maxCount.getOrDefault(order, 0);
  }

  int unseenCount() {
    return unseen.size();
  }
}
