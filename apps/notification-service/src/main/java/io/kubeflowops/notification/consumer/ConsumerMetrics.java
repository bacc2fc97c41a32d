package io.kubeflowops.notification.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The consumer's business metrics. Registered at startup so they appear on /metrics (at zero)
 * before the first message, and dashboards and alerts never see a missing series.
 */
@Startup
@Singleton
class ConsumerMetrics {
  private static final Duration[] SLO_BUCKETS = {
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofSeconds(60),
    Duration.ofMinutes(5)
  };

  private final Counter sent;
  private final Counter duplicates;
  private final Counter busy;
  private final Counter sentTwice;
  private final Timer lag;

  ConsumerMetrics(MeterRegistry registry) {
    sent =
        Counter.builder("notifications.sent")
            .description("Notification mails sent and recorded, one per new order.created event")
            .register(registry);
    duplicates =
        Counter.builder("notifications.duplicate")
            .description("order.created deliveries ignored because the event was already handled")
            .register(registry);
    busy =
        Counter.builder("notifications.claim.busy")
            .description("Deliveries put back because another consumer held the event's claim")
            .register(registry);
    sentTwice =
        Counter.builder("notifications.sent.twice")
            .description("Mails sent while another consumer sent and recorded the same event")
            .register(registry);
    lag =
        Timer.builder("notification.lag")
            .description("Time from the order's commit (event occurredAt) to its notification")
            .publishPercentileHistogram()
            // Fixed boundaries as well, so SLOs and alerts can name an exact "le" bucket.
            .serviceLevelObjectives(SLO_BUCKETS)
            .minimumExpectedValue(Duration.ofMillis(10))
            .maximumExpectedValue(Duration.ofMinutes(30))
            .register(registry);
  }

  void sent(Duration lagTime) {
    sent.increment();
    lag.record(lagTime.isNegative() ? Duration.ZERO : lagTime);
  }

  void duplicate() {
    duplicates.increment();
  }

  void busy() {
    busy.increment();
  }

  void sentTwice() {
    sentTwice.increment();
  }
}
