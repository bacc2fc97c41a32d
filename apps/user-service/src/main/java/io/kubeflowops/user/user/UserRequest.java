package io.kubeflowops.user.user;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The body of POST and PUT /users. */
public record UserRequest(
    @NotBlank @Size(max = 100) String name, @NotBlank @Email @Size(max = 254) String email) {

  UserRequest normalized() {
    return new UserRequest(name.strip(), email.strip());
  }
}
