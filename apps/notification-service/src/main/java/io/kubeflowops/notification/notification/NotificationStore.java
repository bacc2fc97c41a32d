package io.kubeflowops.notification.notification;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The durable record of the notifications sent, in PostgreSQL (table notifications.notifications,
 * one row per event: the unique event id). A row is written only after the mail service accepted
 * the mail, so a row means "sent"; its absence means "not known to be sent".
 */
@ApplicationScoped
public class NotificationStore {
  private static final String COLUMNS =
      "notification_id, event_id, order_id, user_id, channel, message, total, currency,"
          + " occurred_at, sent_at, trace_id";

  private final AgroalDataSource db;

  NotificationStore(AgroalDataSource db) {
    this.db = db;
  }

  /**
   * Records a sent notification; false if its event was recorded before (by another consumer, or by
   * this one before a crash), which leaves the first record as it was.
   */
  public boolean record(Notification n) {
    String sql =
        "INSERT INTO notifications.notifications ("
            + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING";
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, n.notificationId());
      ps.setObject(2, n.eventId());
      ps.setObject(3, n.orderId());
      ps.setObject(4, n.userId());
      ps.setString(5, n.channel());
      ps.setString(6, n.message());
      ps.setBigDecimal(7, n.total());
      ps.setString(8, n.currency());
      ps.setTimestamp(9, Timestamp.from(n.occurredAt()));
      ps.setTimestamp(10, Timestamp.from(n.sentAt()));
      ps.setString(11, n.traceId());
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StoreUnavailable("recording notification of event " + n.eventId(), e);
    }
  }

  /** The notifications recorded for an order, oldest first. */
  List<Notification> forOrder(UUID orderId) {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM notifications.notifications WHERE order_id = ? ORDER BY sent_at, notification_id";
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, orderId);
      List<Notification> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreUnavailable("listing notifications of order " + orderId, e);
    }
  }

  /** The recorded notification of an event, if any. */
  public Optional<Notification> find(UUID eventId) {
    String sql = "SELECT " + COLUMNS + " FROM notifications.notifications WHERE event_id = ?";
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, eventId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreUnavailable("looking up event " + eventId, e);
    }
  }

  private static Notification read(ResultSet rs) throws SQLException {
    return new Notification(
        rs.getObject("notification_id", UUID.class),
        rs.getObject("event_id", UUID.class),
        rs.getObject("order_id", UUID.class),
        rs.getObject("user_id", UUID.class),
        rs.getString("channel"),
        rs.getString("message"),
        rs.getBigDecimal("total"),
        rs.getString("currency").strip(),
        rs.getTimestamp("occurred_at").toInstant(),
        rs.getTimestamp("sent_at").toInstant(),
        rs.getString("trace_id"));
  }

  /** PostgreSQL did not answer, or refused the statement. */
  public static final class StoreUnavailable extends RuntimeException {
    StoreUnavailable(String what, SQLException cause) {
      super(what + ": " + cause.getMessage(), cause);
    }
  }
}
