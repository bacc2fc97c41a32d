package io.kubeflowops.bench.capacity;

import io.kubeflowops.bench.Api;
import io.kubeflowops.bench.Platform;
import io.kubeflowops.bench.Results;
import io.kubeflowops.bench.Stats;
import io.kubeflowops.bench.load.Scenarios;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.HdrHistogram.Histogram;

/**
 * Notification lag of a step: order createdAt → the notification's sentAt, for up to 200 orders
 * spread over the step, split where the relay published the event (outbox sent_at).
 */
final class Lag {
  private static final int SAMPLE = 200;

  private Lag() {}

  static Results.Lag of(Platform platform, List<Scenarios.Accepted> accepted) throws Exception {
    int n = Math.min(SAMPLE, accepted.size());
    List<Scenarios.Accepted> sample = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      sample.add(accepted.get((int) ((long) i * accepted.size() / n)));
    }
    Map<UUID, Instant> published = publishedAt(platform, sample);
    Histogram total = new Histogram(3);
    Histogram relay = new Histogram(3);
    Histogram delivery = new Histogram(3);
    int missing = 0;
    int duplicates = 0;
    for (Scenarios.Accepted a : sample) {
      var sent = Api.notifications(platform.url(Platform.NOTIFICATIONS), a.orderId());
      if (sent.isEmpty()) {
        missing++;
        continue;
      }
      if (sent.size() > 1) {
        duplicates++;
      }
      Instant sentAt = Api.instant(sent.getFirst(), "sentAt");
      record(total, a.createdAt(), sentAt);
      Instant pub = published.get(a.orderId());
      if (pub != null) {
        record(relay, a.createdAt(), pub);
        record(delivery, pub, sentAt);
      }
    }
    return new Results.Lag(
        n,
        Stats.ms(total, 50),
        Stats.ms(total, 99),
        Stats.round2(total.getMaxValue() / 1000.0),
        missing,
        duplicates,
        Stats.ms(relay, 50),
        Stats.ms(relay, 99),
        Stats.ms(delivery, 50),
        Stats.ms(delivery, 99));
  }

  private static void record(Histogram h, Instant from, Instant to) {
    h.recordValue(Math.max(0, Duration.between(from, to).toNanos() / 1000));
  }

  /** When the outbox relay published each order's event (orders.outbox.sent_at). */
  private static Map<UUID, Instant> publishedAt(Platform platform, List<Scenarios.Accepted> orders)
      throws SQLException {
    Map<UUID, Instant> out = new HashMap<>();
    try (var c = platform.database();
        var ps =
            c.prepareStatement(
                "SELECT aggregate_id, sent_at FROM orders.outbox WHERE aggregate_id = ANY (?)")) {
      ps.setArray(
          1, c.createArrayOf("uuid", orders.stream().map(Scenarios.Accepted::orderId).toArray()));
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          var sent = rs.getTimestamp(2);
          if (sent != null) {
            out.put(rs.getObject(1, UUID.class), sent.toInstant());
          }
        }
      }
    }
    return out;
  }
}
