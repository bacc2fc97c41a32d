package io.kubeflowops.notification.consumer;

import java.time.Duration;

/**
 * Retry delay for a message that failed: base × 2^(receiveCount − 1), capped, in whole seconds as
 * SQS wants.
 */
record Backoff(Duration base, Duration max) {

  /** SQS's upper bound for a visibility timeout (12 hours). */
  static final int MAX_VISIBILITY_SECONDS = 43_200;

  int visibilitySeconds(int receiveCount) {
    int doublings = Math.clamp(receiveCount - 1, 0, 30);
    long millis = Math.min(max.toMillis(), saturatedShift(base.toMillis(), doublings));
    long seconds = (millis + 999) / 1000;
    return (int) Math.clamp(seconds, 0, MAX_VISIBILITY_SECONDS);
  }

  private static long saturatedShift(long value, int bits) {
    return value > (Long.MAX_VALUE >> bits) ? Long.MAX_VALUE : value << bits;
  }
}
