package io.kubeflowops.user.system;

import java.util.UUID;
import java.util.regex.Pattern;

/** Path and query parameters arrive as text; malformed ones are a 400 that names the parameter. */
public final class Params {
  private Params() {}

  // UUID.fromString alone is lenient (it takes "1-1-1-1-1"): only the canonical 8-4-4-4-12 form is
  // an id.
  private static final Pattern CANONICAL_UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  public static UUID uuid(String raw, String name) {
    if (raw == null || !CANONICAL_UUID.matcher(raw).matches()) {
      throw ApiException.badRequest(name + " must be a UUID");
    }
    return UUID.fromString(raw);
  }

  public static int integer(String raw, String name, int fallback, int min, int max) {
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      int v = Integer.parseInt(raw.strip());
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // fall through to the problem below
    }
    throw ApiException.badRequest(name + " must be an integer between " + min + " and " + max);
  }
}
