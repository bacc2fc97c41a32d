package io.kubeflowops.notification.notification;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A notification as it was sent and recorded (PostgreSQL): what GET /notifications lists. Carries
 * no personal data: the address it went to is not kept.
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

  /** The channel: an email to the user's address. */
  public static final String EMAIL_CHANNEL = "email";

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
        EMAIL_CHANNEL,
        message,
        total,
        currency,
        occurredAt,
        sentAt,
        traceId);
  }
}
