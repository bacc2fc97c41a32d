package io.kubeflowops.user.user;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of POST and PUT /users. */
// Unknown fields are refused (quarkus.jackson.fail-on-unknown-properties): the schema says so.
@Schema(additionalProperties = Schema.False.class)
public record UserRequest(
    @NotBlank
        @Size(max = 100)
        @Pattern(regexp = NAME, message = "must not contain control characters")
        @Schema(pattern = NAME)
        String name,
    @NotBlank
        @Size(max = 254)
        @Pattern(regexp = EMAIL, message = "must be an email address such as ann@example.com")
        @Schema(format = "email", pattern = EMAIL)
        String email) {

  /**
   * Not blank (a character other than a space) and no control characters: PostgreSQL cannot store a
   * NUL, and no name needs one. One pattern, so the OpenAPI document states exactly this.
   */
  static final String NAME = "^[^\\x00-\\x1F\\x7F]*[^ \\x00-\\x1F\\x7F][^\\x00-\\x1F\\x7F]*$";

  /**
   * An email address: a dot-atom local part of at most 64 characters, @, and a domain of at least
   * two labels. Bean Validation's @Email let "a@*" through (the contract fuzzer found it); this
   * pattern reads the same in Java, in JSON Schema and in the fuzzer, and accepts only what the
   * schema's {@code format: email} accepts too.
   */
  static final String EMAIL =
      "^(?=[^@]{1,64}@)[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]+)*"
          + "@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
          + "(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$";

  // trim(), as @NotBlank does: what it calls blank is what goes.
  UserRequest normalized() {
    return new UserRequest(name.trim(), email.trim());
  }
}
