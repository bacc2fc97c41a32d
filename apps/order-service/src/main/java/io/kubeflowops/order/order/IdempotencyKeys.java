package io.kubeflowops.order.order;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Idempotency-Key → the order its first request created, with a hash of that request's body. */
@ApplicationScoped
class IdempotencyKeys {
  record Entry(String requestHash, UUID orderId) {}

  private final AgroalDataSource db;

  IdempotencyKeys(AgroalDataSource db) {
    this.db = db;
  }

  Optional<Entry> find(String key) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT request_hash, order_id FROM orders.idempotency_keys WHERE key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Entry(rs.getString(1), rs.getObject(2, UUID.class)))
            : Optional.empty();
      }
    }
  }

  /** Claims the key; false when a concurrent request claimed it first. */
  boolean claim(String key, String requestHash, UUID orderId, Instant now) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO orders.idempotency_keys (key, request_hash, order_id, created_at)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING")) {
      ps.setString(1, key);
      ps.setString(2, requestHash);
      ps.setObject(3, orderId);
      ps.setTimestamp(4, Timestamp.from(now));
      return ps.executeUpdate() == 1;
    }
  }
}
