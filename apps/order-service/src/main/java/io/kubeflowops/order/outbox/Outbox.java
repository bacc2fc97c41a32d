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
 * OutboxRelay}. An event is pending until SQS accepts it (sent) or the relay gives up on it
 * (parked).
 */
@ApplicationScoped
public class Outbox {
  /** How many events wait to be published, and how many are parked. */
  record Backlog(long pending, long parked) {}

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
   * Locks up to {@code limit} pending events, oldest first; other relays skip them (safe with many
   * replicas).
   */
  List<OutboxEvent> claimPending(int limit) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, aggregate_id, event_type, payload::text, traceparent, created_at FROM orders.outbox"
                    + " WHERE sent_at IS NULL AND parked_at IS NULL ORDER BY created_at LIMIT ?"
                    + " FOR UPDATE SKIP LOCKED")) {
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
    if (ids.isEmpty()) {
      return;
    }
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE orders.outbox SET sent_at = ?, attempts = attempts + 1 WHERE id = ANY (?)")) {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.setArray(2, c.createArrayOf("uuid", ids.toArray()));
      ps.executeUpdate();
    }
  }

  /** The call failed as a whole (SQS unreachable): an attempt for each event, no one's fault. */
  void recordUnavailable(Collection<UUID> ids, String error) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE orders.outbox SET attempts = attempts + 1, last_error = ? WHERE id = ANY (?)")) {
      ps.setString(1, error);
      ps.setArray(2, c.createArrayOf("uuid", ids.toArray()));
      ps.executeUpdate();
    }
  }

  /**
   * SQS did not accept this event. A refusal that is the entry's fault counts towards parking; once
   * {@code parkAfter} are reached the event is parked. Returns the event's refusals so far and
   * whether it is now parked.
   */
  Refusals recordRefusal(UUID id, String error, boolean entryAtFault, int parkAfter, Instant now)
      throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                // On the right-hand side of SET, columns have their values before the update.
                "UPDATE orders.outbox SET attempts = attempts + 1, last_error = ?,"
                    + " rejections = rejections + (CASE WHEN ? THEN 1 ELSE 0 END),"
                    + " parked_at = CASE WHEN ? AND rejections + 1 >= ? THEN ? ELSE parked_at END"
                    + " WHERE id = ? RETURNING rejections, parked_at IS NOT NULL")) {
      ps.setString(1, error);
      ps.setBoolean(2, entryAtFault);
      ps.setBoolean(3, entryAtFault);
      ps.setInt(4, parkAfter);
      ps.setTimestamp(5, Timestamp.from(now));
      ps.setObject(6, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new Refusals(rs.getInt(1), rs.getBoolean(2));
      }
    }
  }

  record Refusals(int count, boolean parked) {}

  Backlog backlog() throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FILTER (WHERE parked_at IS NULL), count(*) FILTER (WHERE parked_at IS NOT NULL)"
                    + " FROM orders.outbox WHERE sent_at IS NULL");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new Backlog(rs.getLong(1), rs.getLong(2));
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
