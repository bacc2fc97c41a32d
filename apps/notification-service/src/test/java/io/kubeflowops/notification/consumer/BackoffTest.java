package io.kubeflowops.notification.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5));

  @Test
  void doublesPerReceive() {
    assertEquals(5, backoff.visibilitySeconds(1));
    assertEquals(10, backoff.visibilitySeconds(2));
    assertEquals(20, backoff.visibilitySeconds(3));
    assertEquals(40, backoff.visibilitySeconds(4));
  }

  @Test
  void isCapped() {
    assertEquals(300, backoff.visibilitySeconds(7));
    assertEquals(300, backoff.visibilitySeconds(1_000));
  }

  @Test
  void roundsUpToWholeSecondsWithinSqsLimits() {
    assertEquals(
        1, new Backoff(Duration.ofMillis(300), Duration.ofSeconds(1)).visibilitySeconds(1));
    assertEquals(0, new Backoff(Duration.ZERO, Duration.ZERO).visibilitySeconds(3));
    assertEquals(
        Backoff.MAX_VISIBILITY_SECONDS,
        new Backoff(Duration.ofHours(1), Duration.ofDays(2)).visibilitySeconds(10));
  }

  @Test
  void treatsAMissingCountAsTheFirstReceive() {
    assertEquals(5, backoff.visibilitySeconds(0));
  }
}
