package io.kubeflowops.order.order;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.kubeflowops.order.system.WholeNumber;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One line of an order, in requests, responses and the order.created event. */
// Unknown fields are refused (quarkus.jackson.fail-on-unknown-properties): the schema says so.
@Schema(additionalProperties = Schema.False.class)
public record LineItem(
    @NotNull
        @Pattern(
            regexp = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
            message = "must be 1-64 letters, digits, '.', '_' or '-'")
        String sku,
    @NotNull @Min(1) @Max(1000) @JsonDeserialize(using = WholeNumber.class) Integer quantity,
    @NotNull @DecimalMin("0.00") @DecimalMax("1000000.00") @Digits(integer = 7, fraction = 2)
        BigDecimal unitPrice) {

  BigDecimal lineTotal() {
    return unitPrice.multiply(BigDecimal.valueOf(quantity));
  }
}
