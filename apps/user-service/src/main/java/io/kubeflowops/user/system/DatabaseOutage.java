package io.kubeflowops.user.system;

import java.sql.SQLException;
import java.util.Set;

/**
 * Tells a database outage (connection refused or lost, server shutting down or out of resources, no
 * pooled connection in time) from a bug: the first is a 503 the client may retry, the second a 500.
 */
final class DatabaseOutage {
  // SQLSTATE classes 08 connection exception, 28 invalid authorization (a rotated password not yet
  // delivered to this pod), 53 insufficient resources, 57 operator intervention (e.g. shutdown).
  private static final Set<String> OUTAGE_CLASSES = Set.of("08", "28", "53", "57");

  private DatabaseOutage() {}

  static boolean causedBy(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        // Agroal's "acquisition timeout" carries no SQLSTATE: the pool could not hand out a
        // connection.
        return state == null
            || OUTAGE_CLASSES.contains(state.substring(0, Math.min(2, state.length())));
      }
    }
    return false;
  }
}
