package io.kubeflowops.order.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An order as the API shows it. */
public record Order(
    UUID id,
    UUID userId,
    OrderStatus status,
    String currency,
    BigDecimal total,
    List<LineItem> items,
    Instant createdAt,
    Instant updatedAt) {

  Order withStatus(OrderStatus next, Instant now) {
    return new Order(id, userId, next, currency, total, items, createdAt, now);
  }
}
