package io.kubeflowops.notification.consumer;

import io.kubeflowops.notification.mail.Mail;
import io.kubeflowops.notification.notification.Notification;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The {@code order.created} v1 event (contracts/order-created.v1.schema.json). The constraints
 * mirror the schema; unknown fields are ignored when reading, so a producer may add optional fields
 * within the version. {@code customerEmail} (optional in the schema, added within v1) is where the
 * confirmation goes: an event without it cannot be delivered.
 */
record OrderCreatedEvent(
    @NotNull UUID eventId,
    @NotNull @Pattern(regexp = "order\\.created") String eventType,
    @NotNull @Min(1) @Max(1) Integer eventVersion,
    @NotNull Instant occurredAt,
    @NotNull UUID orderId,
    @NotNull UUID userId,
    @NotNull @DecimalMin("0") BigDecimal total,
    @NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
    @NotNull @Size(min = 1, max = 100) List<@NotNull @Valid Item> items,
    @Email @Size(max = 254) String customerEmail) {

  static final String TYPE = "order.created";

  /** One line of the order. */
  record Item(
      @NotNull @Size(min = 1, max = 64) String sku,
      @NotNull @Min(1) @Max(1000) Integer quantity,
      @NotNull @DecimalMin("0") BigDecimal unitPrice) {}

  /** The order confirmation to the customer; an event without an address is not deliverable. */
  Mail confirmation() {
    if (customerEmail == null || customerEmail.isBlank()) {
      throw InvalidEvent.wrongShape("customerEmail is missing: there is no address to notify");
    }
    StringBuilder text =
        new StringBuilder()
            .append("Thank you for your order.\n\n")
            .append("Order: ")
            .append(orderId)
            .append('\n')
            .append("Placed: ")
            .append(occurredAt)
            .append("\n\n");
    for (Item i : items) {
      text.append(i.quantity())
          .append(" x ")
          .append(i.sku())
          .append(" at ")
          .append(i.unitPrice().toPlainString())
          .append(' ')
          .append(currency)
          .append('\n');
    }
    text.append("\nTotal: ")
        .append(total.toPlainString())
        .append(' ')
        .append(currency)
        .append('\n');
    return new Mail(
        customerEmail, "Your order " + orderId + " was received", text.toString(), eventId);
  }

  Notification notification(Instant sentAt, String traceId) {
    return Notification.orderReceived(
        eventId, orderId, userId, total, currency, occurredAt, sentAt, traceId);
  }
}
