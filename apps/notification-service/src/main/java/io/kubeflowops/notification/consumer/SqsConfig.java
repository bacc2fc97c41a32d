package io.kubeflowops.notification.consumer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Optional;

/** The order-events queue and how the consumer polls it. */
@ConfigMapping(prefix = "sqs")
interface SqsConfig {
  String queueUrl();

  /**
   * Set for a local SQS-compatible server (static dummy credentials); empty on AWS (default
   * credentials chain).
   */
  Optional<String> endpoint();

  String region();

  /**
   * Independent poll loops (virtual threads), each receiving and handling its own batches. The
   * bound keeps a typo from opening hundreds of long polls; checked at startup.
   */
  @WithDefault("4")
  @Min(1)
  @Max(32)
  int consumers();

  /** Long-poll wait per receive (SQS allows 0–20 s). */
  @WithDefault("20S")
  Duration waitTime();

  /**
   * Messages per receive (SQS allows 1–10); also the most a batch delete has to carry, which SQS
   * caps at ten entries as well.
   */
  @WithDefault("10")
  @Min(1)
  @Max(10)
  int maxMessages();

  /** Timeout of every SQS call except the receive, which gets wait-time on top. */
  @WithDefault("5S")
  Duration callTimeout();

  /** Visibility delay after the first failed attempt; doubles per receive. */
  @WithDefault("5S")
  Duration retryBase();

  /** Upper bound of the visibility delay. */
  @WithDefault("5M")
  Duration retryMax();

  /** Pause before trying again while Redis or SQS is unreachable. */
  @WithDefault("5S")
  Duration outageWait();

  /** How long shutdown waits for the current batch to finish. */
  @WithDefault("15S")
  Duration drainTimeout();
}
