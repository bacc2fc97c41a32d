package io.kubeflowops.order.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The order.created event, version 1 (contracts/order-created.v1.schema.json). */
public record OrderCreatedEvent(
    UUID eventId,
    String eventType,
    int eventVersion,
    Instant occurredAt,
    UUID orderId,
    UUID userId,
    BigDecimal total,
    String currency,
    List<LineItem> items) {

  public static final String TYPE = "order.created";

  static OrderCreatedEvent of(Order o) {
    return new OrderCreatedEvent(
        UUID.randomUUID(),
        TYPE,
        1,
        o.createdAt(),
        o.id(),
        o.userId(),
        o.total(),
        o.currency(),
        o.items());
  }
}
