package io.kubeflowops.order.order;

/** The life of an order: CREATED → PAID → SHIPPED, or CREATED/PAID → CANCELLED. */
public enum OrderStatus {
  CREATED,
  PAID,
  SHIPPED,
  CANCELLED;

  public boolean canTransitionTo(OrderStatus next) {
    return switch (this) {
      case CREATED -> next == PAID || next == CANCELLED;
      case PAID -> next == SHIPPED || next == CANCELLED;
      case SHIPPED, CANCELLED -> false;
    };
  }
}
