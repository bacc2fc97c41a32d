package io.kubeflowops.order.order;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of POST /orders. */
// Unknown fields are refused (quarkus.jackson.fail-on-unknown-properties): the schema says so.
@Schema(additionalProperties = Schema.False.class)
public record CreateOrder(
    @NotNull UUID userId,
    @NotEmpty @Size(max = 100) List<@NotNull @Valid LineItem> items,
    @NotNull @Pattern(regexp = "^[A-Z]{3}$", message = "must be an ISO 4217 code such as EUR")
        String currency) {

  BigDecimal total() {
    return items.stream()
        .map(LineItem::lineTotal)
        .reduce(BigDecimal.ZERO, BigDecimal::add)
        .setScale(2, RoundingMode.UNNECESSARY);
  }
}
