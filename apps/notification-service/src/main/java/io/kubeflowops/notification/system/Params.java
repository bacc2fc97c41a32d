package io.kubeflowops.notification.system;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Path and query parameters arrive as text; missing or malformed ones are a 400 that names the
 * parameter.
 */
public final class Params {
  private static final Pattern CANONICAL_UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private Params() {}

  /** The UUID in raw if it is one, else empty (a token subject that is not a user id). */
  public static java.util.Optional<UUID> optionalUuid(String raw) {
    return raw != null && CANONICAL_UUID.matcher(raw).matches()
        ? java.util.Optional.of(UUID.fromString(raw))
        : java.util.Optional.empty();
  }

  public static UUID requiredUuid(String raw, String name) {
    if (raw == null || raw.isBlank()) {
      throw ApiException.badRequest(name + " is required");
    }
    // UUID.fromString alone also accepts odd forms such as "1-2-3-4-5".
    if (!CANONICAL_UUID.matcher(raw).matches()) {
      throw ApiException.badRequest(name + " must be a UUID");
    }
    return UUID.fromString(raw);
  }
}
