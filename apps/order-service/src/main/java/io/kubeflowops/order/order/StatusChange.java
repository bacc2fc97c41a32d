package io.kubeflowops.order.order;

import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of PATCH /orders/{id}. */
// Unknown fields are refused (quarkus.jackson.fail-on-unknown-properties): the schema says so.
@Schema(additionalProperties = Schema.False.class)
public record StatusChange(@NotNull OrderStatus status) {}
