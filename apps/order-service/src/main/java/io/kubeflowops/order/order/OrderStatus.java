package io.kubeflowops.order.order;

/** The life of an order: CREATED → PAID → SHIPPED, or CREATED/PAID → CANCELLED. */
public enum OrderStatus {
  CREATED,
  PAID,
  SHIPPED,
  CANCELLED;

  /**
   * Paying and shipping are done by an admin or a service (payments, the warehouse); a user may
   * only cancel their own order.
   */
  public boolean needsPrivilege() {
    return this == PAID || this == SHIPPED;
  }

  public boolean canTransitionTo(OrderStatus next) {
    return switch (this) {
      case CREATED -> next == PAID || next == CANCELLED;
      case PAID -> next == SHIPPED || next == CANCELLED;
      case SHIPPED, CANCELLED -> false;
    };
  }
}
