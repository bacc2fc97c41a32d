package io.kubeflowops.notification.notification;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A notification as it was sent and recorded: what GET /notifications lists. Carries no personal
 * data.
 */
public record Notification(
    UUID notificationId,
    UUID eventId,
    UUID orderId,
    UUID userId,
    String channel,
    String message,
    BigDecimal total,
    String currency,
    Instant occurredAt,
    Instant sentAt,
    String traceId) {

  /** The only channel so far: the notification is written to the log. */
  public static final String LOG_CHANNEL = "log";

  /** The notification that tells a user their order was received. */
  public static Notification orderReceived(
      UUID eventId,
      UUID orderId,
      UUID userId,
      BigDecimal total,
      String currency,
      Instant occurredAt,
      Instant sentAt,
      String traceId) {
    String message =
        "Your order " + orderId + " was received: total " + total.toPlainString() + " " + currency;
    return new Notification(
        UUID.randomUUID(),
        eventId,
        orderId,
        userId,
        LOG_CHANNEL,
        message,
        total,
        currency,
        occurredAt,
        sentAt,
        traceId);
  }
}
