package io.kubeflowops.notification.testing;

import java.time.Instant;
import java.util.UUID;

/**
 * order.created v1 events as the producer publishes them (the contract test checks this shape
 * against the schema).
 */
public final class TestEvents {
  private TestEvents() {}

  /**
   * A valid event; {@code occurredAt} a little in the past so the lag histogram sees a positive
   * value.
   */
  public static String orderCreated(UUID eventId, UUID orderId) {
    return orderCreated(eventId, orderId, Instant.now().minusMillis(250));
  }

  public static String orderCreated(UUID eventId, UUID orderId, Instant occurredAt) {
    return """
        {"eventId":"%s","eventType":"order.created","eventVersion":1,"occurredAt":"%s",\
        "orderId":"%s","userId":"%s","total":42.50,"currency":"EUR",\
        "items":[{"sku":"BOOK-1","quantity":2,"unitPrice":10.25},{"sku":"PEN-7","quantity":1,"unitPrice":22.00}],\
        "customerEmail":"%s"}"""
        .formatted(eventId, occurredAt, orderId, UUID.randomUUID(), address(orderId));
  }

  /**
   * Where the confirmation of this order goes: one address per order, so a test counts its own
   * mails.
   */
  public static String address(UUID orderId) {
    return "customer-" + orderId + "@example.com";
  }

  /** A W3C traceparent header with a fresh trace id; the trace id is characters 3–34. */
  public static String traceparent() {
    String traceId = UUID.randomUUID().toString().replace("-", "");
    String spanId = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    return "00-" + traceId + "-" + spanId + "-01";
  }

  public static String traceId(String traceparent) {
    return traceparent.substring(3, 35);
  }
}
