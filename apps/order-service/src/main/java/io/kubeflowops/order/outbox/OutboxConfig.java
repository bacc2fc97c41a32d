package io.kubeflowops.order.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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

  /**
   * Events per SQS SendMessageBatch call. SQS refuses a call with more than 10 entries as a whole,
   * so a larger value would fail every batch: start-up refuses it.
   */
  @WithDefault("10")
  @Min(value = 1, message = "must be between 1 and 10 (entries per SQS SendMessageBatch call)")
  @Max(value = 10, message = "must be between 1 and 10 (SQS refuses a SendMessageBatch of more)")
  int batchSize();

  /**
   * An event SQS has refused this many times (the entry itself at fault, e.g. an attribute SQS does
   * not accept) is parked: the relay stops picking it, outbox_parked counts it and an alert asks
   * for a person. Outages and SQS-side errors do not count: they are not the event's fault.
   */
  @WithDefault("5")
  @Min(value = 1, message = "must be at least 1")
  int parkAfterRejections();

  /** Batches per relay run, so one run cannot hold the scheduler forever. */
  @WithDefault("50")
  int maxBatchesPerRun();

  /** Sent events are kept this long for inspection, then purged. */
  @WithDefault("7d")
  Duration retention();
}
