package io.kubeflowops.notification.notification;

import io.kubeflowops.notification.system.ApiException;

/** The failures of the notifications API, with named factories. */
final class NotificationProblems {
  private NotificationProblems() {}

  static ApiException storeUnavailable(RuntimeException cause) {
    return new ApiException(
        503,
        "store-unavailable",
        "Service unavailable",
        "notifications cannot be read right now; retry later",
        cause);
  }
}
