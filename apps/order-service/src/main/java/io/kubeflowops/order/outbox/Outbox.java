package io.kubeflowops.order.outbox;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The outbox table: events written with the business change, published later by {@link
 * OutboxRelay}.
 */
@ApplicationScoped
public class Outbox {
  private final AgroalDataSource db;

  Outbox(AgroalDataSource db) {
    this.db = db;
  }

  /** Adds an event in the caller's transaction. */
  public void add(OutboxEvent e) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO orders.outbox (id, aggregate_id, event_type, payload, traceparent, created_at)"
                    + " VALUES (?, ?, ?, CAST(? AS jsonb), ?, ?)")) {
      ps.setObject(1, e.id());
      ps.setObject(2, e.aggregateId());
      ps.setString(3, e.type());
      ps.setString(4, e.payload());
      ps.setString(5, e.traceparent());
      ps.setTimestamp(6, Timestamp.from(e.createdAt()));
      ps.executeUpdate();
    }
  }

  /**
   * Locks up to {@code limit} unsent events, oldest first; other relays skip them (safe with many
   * replicas).
   */
  List<OutboxEvent> claimUnsent(int limit) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, aggregate_id, event_type, payload::text, traceparent, created_at FROM orders.outbox"
                    + " WHERE sent_at IS NULL ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED")) {
      ps.setInt(1, limit);
      List<OutboxEvent> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new OutboxEvent(
                  rs.getObject(1, UUID.class),
                  rs.getObject(2, UUID.class),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getTimestamp(6).toInstant()));
        }
      }
      return out;
    }
  }

  void markSent(Collection<UUID> ids, Instant now) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE orders.outbox SET sent_at = ?, attempts = attempts + 1 WHERE id = ANY (?)")) {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.setArray(2, c.createArrayOf("uuid", ids.toArray()));
      ps.executeUpdate();
    }
  }

  void countAttempt(Collection<UUID> ids) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE orders.outbox SET attempts = attempts + 1 WHERE id = ANY (?)")) {
      ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
      ps.executeUpdate();
    }
  }

  long pending() throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM orders.outbox WHERE sent_at IS NULL");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  int purgeSentBefore(Instant cutoff) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM orders.outbox WHERE sent_at < ?")) {
      ps.setTimestamp(1, Timestamp.from(cutoff));
      return ps.executeUpdate();
    }
  }
}
