package io.kubeflowops.order.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the relay drains the outbox. */
@ConfigMapping(prefix = "outbox")
interface OutboxConfig {
  /**
   * How often the relay looks for unsent events that no wake-up published (the @Scheduled
   * expression reads it; the scheduler's minimum is 1s).
   */
  @WithDefault("1s")
  Duration pollInterval();

  /**
   * How long a wake-up waits for more commits before publishing, so that busy periods still send
   * full batches.
   */
  @WithDefault("20ms")
  Duration wakeUpLinger();

  /** Events per SQS SendMessageBatch call (SQS allows at most 10). */
  @WithDefault("10")
  int batchSize();

  /** Batches per relay run, so one run cannot hold the scheduler forever. */
  @WithDefault("50")
  int maxBatchesPerRun();

  /** Sent events are kept this long for inspection, then purged. */
  @WithDefault("7d")
  Duration retention();
}
