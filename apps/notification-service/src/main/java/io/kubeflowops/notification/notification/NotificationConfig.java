package io.kubeflowops.notification.notification;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long de-duplication keys and recorded notifications are kept in Redis. */
@ConfigMapping(prefix = "notifications")
interface NotificationConfig {
  /**
   * Must exceed the longest time a message can stay in SQS, so a late redelivery is still
   * recognised.
   */
  @WithDefault("7D")
  Duration ttl();
}
