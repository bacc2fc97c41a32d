package io.kubeflowops.order.system;

import java.util.UUID;

/** Path and query parameters arrive as text; malformed ones are a 400 that names the parameter. */
public final class Params {
  private Params() {}

  public static UUID uuid(String raw, String name) {
    try {
      if (raw != null && raw.length() == 36) {
        return UUID.fromString(raw);
      }
    } catch (IllegalArgumentException e) {
      // fall through to the problem below
    }
    throw ApiException.badRequest(name + " must be a UUID");
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
