package io.kubeflowops.order.order;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long an Idempotency-Key is remembered. */
@ConfigMapping(prefix = "idempotency")
interface IdempotencyConfig {
  /**
   * A key answers retries for this long after its first request; afterwards it is forgotten (and
   * purged), and a request with it is a new request.
   */
  @WithDefault("24h")
  Duration keyTtl();
}
