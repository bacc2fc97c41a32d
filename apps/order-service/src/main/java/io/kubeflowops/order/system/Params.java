package io.kubeflowops.order.system;

import java.util.UUID;
import java.util.regex.Pattern;

/** Path and query parameters arrive as text; malformed ones are a 400 that names the parameter. */
public final class Params {
  private Params() {}

  // UUID.fromString alone is lenient (it takes "1-1-1-1-1"): only the canonical 8-4-4-4-12 form is
  // an id.
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

  private static final Pattern CANONICAL_UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  public static UUID uuid(String raw, String name) {
    if (raw == null || !CANONICAL_UUID.matcher(raw).matches()) {
      throw ApiException.badRequest(name + " must be a UUID");
    }
    return UUID.fromString(raw);
  }

  /** The UUID in raw if it is one, else empty (a token subject that is not a user id). */
  public static java.util.Optional<UUID> optionalUuid(String raw) {
    return raw != null && CANONICAL_UUID.matcher(raw).matches()
        ? java.util.Optional.of(UUID.fromString(raw))
        : java.util.Optional.empty();
  }

  /**
   * A non-negative integer query parameter: absent means the fallback; anything else must be plain
   * ASCII digits within the bounds (no blank, no sign, no spaces, no other digits), as the OpenAPI
   * document's integer promises.
   */
  public static int integer(String raw, String name, int fallback, int min, int max) {
    if (raw == null) {
      return fallback;
    }
    if (DIGITS.matcher(raw).matches()) {
      int v = Integer.parseInt(raw);
      if (v >= min && v <= max) {
        return v;
      }
    }
    throw ApiException.badRequest(name + " must be an integer between " + min + " and " + max);
  }
}
