package io.kubeflowops.order.order;

import jakarta.validation.constraints.NotNull;

/** The body of PATCH /orders/{id}. */
public record StatusChange(@NotNull OrderStatus status) {}
