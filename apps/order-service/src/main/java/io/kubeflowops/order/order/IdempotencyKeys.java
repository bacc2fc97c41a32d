package io.kubeflowops.order.order;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Idempotency-Key (in its scope) → the order its first request created, with a hash of that
 * request's body. A key is remembered for {@link IdempotencyConfig#keyTtl()}; an expired key is
 * ignored at once and deleted by the hourly purge.
 */
@ApplicationScoped
class IdempotencyKeys {
  record Entry(String requestHash, UUID orderId) {}

  private static final Logger LOG = Logger.getLogger(IdempotencyKeys.class);

  private final AgroalDataSource db;
  private final IdempotencyConfig config;
  private final Clock clock = Clock.systemUTC();

  IdempotencyKeys(AgroalDataSource db, IdempotencyConfig config) {
    this.db = db;
    this.config = config;
  }

  /** The key's entry, unless it has expired. */
  Optional<Entry> find(IdempotencyKey key) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT request_hash, order_id FROM orders.idempotency_keys"
                    + " WHERE caller = ? AND user_id = ? AND key = ? AND created_at > ?")) {
      ps.setString(1, key.caller());
      ps.setObject(2, key.userId());
      ps.setString(3, key.value());
      ps.setTimestamp(4, Timestamp.from(expiredBefore()));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Entry(rs.getString(1), rs.getObject(2, UUID.class)))
            : Optional.empty();
      }
    }
  }

  /**
   * Claims the key (or takes over an expired entry the purge has not deleted yet); false when a
   * concurrent request claimed it first. Runs in the order's transaction: a concurrent claim of the
   * same key waits for it and then sees it.
   */
  boolean claim(IdempotencyKey key, String requestHash, UUID orderId, Instant now)
      throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO orders.idempotency_keys (caller, user_id, key, request_hash, order_id, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (caller, user_id, key) DO UPDATE"
                    + " SET request_hash = EXCLUDED.request_hash, order_id = EXCLUDED.order_id,"
                    + " created_at = EXCLUDED.created_at"
                    + " WHERE orders.idempotency_keys.created_at <= ?")) {
      ps.setString(1, key.caller());
      ps.setObject(2, key.userId());
      ps.setString(3, key.value());
      ps.setString(4, requestHash);
      ps.setObject(5, orderId);
      ps.setTimestamp(6, Timestamp.from(now));
      ps.setTimestamp(7, Timestamp.from(expiredBefore()));
      return ps.executeUpdate() == 1;
    }
  }

  private Instant expiredBefore() {
    return clock.instant().minus(config.keyTtl());
  }

  @Scheduled(identity = "idempotency-key-purge", every = "1h", delayed = "1m")
  void purge() {
    int purged =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  try (Connection c = db.getConnection();
                      PreparedStatement ps =
                          c.prepareStatement(
                              "DELETE FROM orders.idempotency_keys WHERE created_at <= ?")) {
                    ps.setTimestamp(1, Timestamp.from(expiredBefore()));
                    return ps.executeUpdate();
                  }
                });
    if (purged > 0) {
      LOG.infof("purged %d expired idempotency keys", purged);
    }
  }
}
