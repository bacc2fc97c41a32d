package io.kubeflowops.order.order;

import io.kubeflowops.order.system.ApiException;
import java.util.UUID;

/** The domain failures of orders, with named factories. */
final class OrderProblems {
  private OrderProblems() {}

  static ApiException notFound(UUID id) {
    return new ApiException(404, "order-not-found", "Order not found", "no order with id " + id);
  }

  static ApiException unknownUser(UUID userId) {
    return new ApiException(422, "unknown-user", "Unknown user", "no user with id " + userId);
  }

  static ApiException userServiceUnavailable(int retryAfterSeconds) {
    return new ApiException(
        503,
        "user-service-unavailable",
        "User check unavailable",
        "the user could not be checked right now; nothing was written, retry later",
        retryAfterSeconds);
  }

  static ApiException illegalTransition(OrderStatus from, OrderStatus to) {
    return new ApiException(
        409,
        "illegal-transition",
        "Illegal status transition",
        "an order in " + from + " cannot move to " + to);
  }

  static ApiException notYourOrder() {
    return new ApiException(
        403,
        "not-your-user",
        "Not your user",
        "a user may place orders only for themselves (userId must be the token's subject)");
  }

  static ApiException notYourOrders() {
    return new ApiException(
        403,
        "not-your-user",
        "Not your user",
        "a user may list only their own orders (userId must be the token's subject)");
  }

  static ApiException statusNeedsPrivilege(OrderStatus to) {
    return new ApiException(
        403,
        "forbidden",
        "Forbidden",
        "moving an order to " + to + " needs an admin or a service; a user may only cancel");
  }

  static ApiException idempotencyKeyReused() {
    return new ApiException(
        422,
        "idempotency-key-reused",
        "Idempotency-Key reused",
        "this Idempotency-Key was already used with a different request body");
  }

  static ApiException badIdempotencyKey() {
    return new ApiException(
        400,
        "bad-idempotency-key",
        "Bad Idempotency-Key",
        "Idempotency-Key must be 1-255 visible ASCII characters");
  }
}
