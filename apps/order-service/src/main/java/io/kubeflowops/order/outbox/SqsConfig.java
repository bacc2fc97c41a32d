package io.kubeflowops.order.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * SQS settings (application.properties maps them to SQS_QUEUE_URL, SQS_ENDPOINT and AWS_REGION).
 */
@ConfigMapping(prefix = "sqs")
interface SqsConfig {
  /** Empty on AWS (the SDK's regional endpoint); the emulator's URL locally. */
  Optional<String> endpoint();

  String queueUrl();

  @WithDefault("eu-west-1")
  String region();

  @WithDefault("5s")
  Duration apiCallTimeout();
}
