package io.kubeflowops.bench.chaos;

import io.kubeflowops.bench.Platform;
import io.kubeflowops.bench.load.Scenarios;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the checks judge: the orders the API accepted, the orders the database holds (with their
 * outbox rows), what the witness saw during the run, the faults with their times, and the platform
 * for anything else a check wants to read (logs, queues, the services' own API).
 */
public record Evidence(
    Platform platform,
    List<Scenarios.Accepted> accepted,
    Map<UUID, Committed> committed,
    Witness witness,
    Counters counters,
    Queues queues,
    List<ChaosRun.FaultResult> faults) {

  /**
   * An order row with its outbox (how many event rows, when the relay published it) and the address
   * of its customer, where the confirmation must arrive.
   */
  public record Committed(
      UUID id, Instant createdAt, int outboxRows, Instant publishedAt, String customerEmail) {}

  static Evidence collect(
      Platform platform,
      List<Scenarios.Accepted> accepted,
      Witness witness,
      Counters counters,
      Queues queues,
      List<ChaosRun.FaultResult> faults)
      throws Exception {
    Map<UUID, Committed> committed = new LinkedHashMap<>();
    try (Connection c = platform.database();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT o.id, o.created_at, count(x.id), max(x.sent_at), u.email"
                    + " FROM orders.orders o"
                    + " LEFT JOIN orders.outbox x ON x.aggregate_id = o.id"
                    + " LEFT JOIN users.users u ON u.id = o.user_id"
                    + " GROUP BY o.id, o.created_at, u.email")) {
      while (rs.next()) {
        UUID id = rs.getObject(1, UUID.class);
        Timestamp sent = rs.getTimestamp(4);
        committed.put(
            id,
            new Committed(
                id,
                rs.getTimestamp(2).toInstant(),
                rs.getInt(3),
                sent == null ? null : sent.toInstant(),
                rs.getString(5)));
      }
    }
    return new Evidence(platform, accepted, committed, witness, counters, queues, faults);
  }
}
