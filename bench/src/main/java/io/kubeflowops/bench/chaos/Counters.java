package io.kubeflowops.bench.chaos;

import io.kubeflowops.bench.Api;
import io.kubeflowops.bench.Platform;
import java.util.HashMap;
import java.util.Map;

/**
 * notification-service's counters summed over its processes: a restart starts them at 0 again, so a
 * fault that restarts it calls {@link #remember()} just before. What the process counts between
 * that scrape and its end is missed: the sums are a cross-check, not the reconciliation.
 */
final class Counters {
  static final String SENT = "notifications_sent_total";
  static final String DUPLICATE = "notifications_duplicate_total";

  private final Platform platform;
  private final Map<String, Double> earlier = new HashMap<>();

  Counters(Platform platform) {
    this.platform = platform;
  }

  void remember() {
    for (String name : new String[] {SENT, DUPLICATE}) {
      earlier.merge(name, current(name), Double::sum);
    }
  }

  double total(String name) {
    return earlier.getOrDefault(name, 0.0) + current(name);
  }

  private double current(String name) {
    return Api.metric(platform.managementUrl(Platform.NOTIFICATIONS), name);
  }
}
