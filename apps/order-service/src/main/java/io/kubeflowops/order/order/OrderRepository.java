package io.kubeflowops.order.order;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Orders and their lines in PostgreSQL (schema "orders"), in plain SQL. Callers own the
 * transaction.
 */
@ApplicationScoped
class OrderRepository {
  private static final String COLUMNS =
      "id, user_id, status, currency, total, created_at, updated_at";

  private final AgroalDataSource db;

  OrderRepository(AgroalDataSource db) {
    this.db = db;
  }

  void insert(Order o) throws SQLException {
    try (Connection c = db.getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO orders.orders (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        ps.setObject(1, o.id());
        ps.setObject(2, o.userId());
        ps.setString(3, o.status().name());
        ps.setString(4, o.currency());
        ps.setBigDecimal(5, o.total());
        ps.setTimestamp(6, Timestamp.from(o.createdAt()));
        ps.setTimestamp(7, Timestamp.from(o.updatedAt()));
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO orders.order_items (order_id, line_no, sku, quantity, unit_price) VALUES (?, ?, ?, ?, ?)")) {
        int line = 0;
        for (LineItem item : o.items()) {
          ps.setObject(1, o.id());
          ps.setInt(2, line++);
          ps.setString(3, item.sku());
          ps.setInt(4, item.quantity());
          ps.setBigDecimal(5, item.unitPrice());
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
  }

  Optional<Order> find(UUID id, boolean forUpdate) throws SQLException {
    String sql =
        "SELECT " + COLUMNS + " FROM orders.orders WHERE id = ?" + (forUpdate ? " FOR UPDATE" : "");
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, id);
      List<Order> found = withItems(c, read(ps));
      return found.stream().findFirst();
    }
  }

  List<Order> list(Optional<UUID> userId, int page, int size) throws SQLException {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM orders.orders"
            + (userId.isPresent() ? " WHERE user_id = ?" : "")
            + " ORDER BY created_at, id LIMIT ? OFFSET ?";
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      if (userId.isPresent()) {
        ps.setObject(i++, userId.get());
      }
      ps.setInt(i++, size);
      ps.setLong(i, (long) page * size);
      return withItems(c, read(ps));
    }
  }

  long count(Optional<UUID> userId) throws SQLException {
    String sql =
        "SELECT count(*) FROM orders.orders" + (userId.isPresent() ? " WHERE user_id = ?" : "");
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      if (userId.isPresent()) {
        ps.setObject(1, userId.get());
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  void updateStatus(UUID id, OrderStatus status, Instant now) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE orders.orders SET status = ?, updated_at = ? WHERE id = ?")) {
      ps.setString(1, status.name());
      ps.setTimestamp(2, Timestamp.from(now));
      ps.setObject(3, id);
      ps.executeUpdate();
    }
  }

  private static List<Order> read(PreparedStatement ps) throws SQLException {
    List<Order> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new Order(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                OrderStatus.valueOf(rs.getString(3)),
                rs.getString(4),
                rs.getBigDecimal(5),
                List.of(),
                rs.getTimestamp(6).toInstant(),
                rs.getTimestamp(7).toInstant()));
      }
    }
    return out;
  }

  /** Loads the lines of all the given orders in one query. */
  private static List<Order> withItems(Connection c, List<Order> orders) throws SQLException {
    if (orders.isEmpty()) {
      return orders;
    }
    Map<UUID, List<LineItem>> items = new HashMap<>();
    Array ids = c.createArrayOf("uuid", orders.stream().map(Order::id).toArray());
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT order_id, sku, quantity, unit_price FROM orders.order_items"
                + " WHERE order_id = ANY (?) ORDER BY order_id, line_no")) {
      ps.setArray(1, ids);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          BigDecimal price = rs.getBigDecimal(4);
          items
              .computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
              .add(new LineItem(rs.getString(2), rs.getInt(3), price));
        }
      }
    }
    return orders.stream()
        .map(
            o ->
                new Order(
                    o.id(),
                    o.userId(),
                    o.status(),
                    o.currency(),
                    o.total(),
                    List.copyOf(items.getOrDefault(o.id(), List.of())),
                    o.createdAt(),
                    o.updatedAt()))
        .toList();
  }
}
