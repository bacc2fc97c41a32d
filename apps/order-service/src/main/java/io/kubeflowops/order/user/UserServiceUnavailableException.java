package io.kubeflowops.order.user;

/** user-service did not answer, answered late, or answered with a server error. Retryable. */
public class UserServiceUnavailableException extends RuntimeException {
  UserServiceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
