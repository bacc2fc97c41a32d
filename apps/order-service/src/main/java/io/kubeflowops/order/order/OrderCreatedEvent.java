package io.kubeflowops.order.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The order.created event, version 1 (contracts/order-created.v1.schema.json). {@code
 * customerEmail} is the user's address at the time of the order, where the confirmation goes.
 */
public record OrderCreatedEvent(
    UUID eventId,
    String eventType,
    int eventVersion,
    Instant occurredAt,
    UUID orderId,
    UUID userId,
    BigDecimal total,
    String currency,
    List<LineItem> items,
    String customerEmail) {

  public static final String TYPE = "order.created";

  static OrderCreatedEvent of(Order o, String customerEmail) {
    return new OrderCreatedEvent(
        UUID.randomUUID(),
        TYPE,
        1,
        o.createdAt(),
        o.id(),
        o.userId(),
        o.total(),
        o.currency(),
        o.items(),
        customerEmail);
  }
}
