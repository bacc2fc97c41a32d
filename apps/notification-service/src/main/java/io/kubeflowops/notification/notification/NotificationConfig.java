package io.kubeflowops.notification.notification;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long the Redis markers of delivery last. */
@ConfigMapping(prefix = "notifications")
interface NotificationConfig {
  /**
   * The done marker. Must exceed the longest time a message can stay in SQS, so a late redelivery
   * is dropped without a database lookup (after it, PostgreSQL still recognises the event).
   */
  @WithDefault("7D")
  Duration ttl();

  /**
   * The claim on an event while one consumer sends its mail: longer than a send may take
   * (mail.send-timeout), shorter than the queue's visibility timeout, so a crashed consumer's event
   * is free again before SQS shows its message to another consumer.
   */
  @WithDefault("20S")
  Duration claim();
}
