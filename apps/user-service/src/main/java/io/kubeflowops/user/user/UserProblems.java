package io.kubeflowops.user.user;

import io.kubeflowops.user.system.ApiException;
import java.util.UUID;

/** The domain failures of users, with named factories. */
final class UserProblems {
  private UserProblems() {}

  static ApiException notFound(UUID id) {
    return new ApiException(404, "user-not-found", "User not found", "no user with id " + id);
  }

  static ApiException alreadyRegistered(UUID id) {
    return new ApiException(
        409, "user-exists", "User already registered", "a user with id " + id + " exists");
  }

  static ApiException subjectIsNoUser() {
    return new ApiException(
        403,
        "not-a-user",
        "Not a user",
        "the token's subject is not a user id, so it cannot register a user of its own");
  }

  static ApiException duplicateEmail() {
    return new ApiException(
        409, "duplicate-email", "Email already in use", "another user already has this email");
  }
}
