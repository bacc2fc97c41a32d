package io.kubeflowops.user.user;

import io.kubeflowops.user.system.ApiException;
import java.util.UUID;

/** The domain failures of users, with named factories. */
final class UserProblems {
  private UserProblems() {}

  static ApiException notFound(UUID id) {
    return new ApiException(404, "user-not-found", "User not found", "no user with id " + id);
  }

  static ApiException duplicateEmail() {
    return new ApiException(
        409, "duplicate-email", "Email already in use", "another user already has this email");
  }
}
