package io.kubeflowops.user.system;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Arrays;

/**
 * Fixed latency buckets on {@code http.server.requests}, so the latency SLOs
 * (docs/slo-definitions.md) can count the requests under their threshold from {@code
 * http_server_requests_seconds_bucket}. A handful of fixed boundaries rather than a percentile
 * histogram: each boundary is one more series per route, method and status.
 */
@Singleton
class HttpServerBuckets {
  static final String HTTP_SERVER_REQUESTS = "http.server.requests";
  static final Duration[] BOUNDARIES = {
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1)
  };

  @Produces
  @Singleton
  MeterFilter httpServerRequestBuckets() {
    // Timers take their boundaries in nanoseconds; the registry exports them in seconds.
    double[] nanos = Arrays.stream(BOUNDARIES).mapToDouble(Duration::toNanos).toArray();
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(
          Meter.Id id, DistributionStatisticConfig config) {
        if (!HTTP_SERVER_REQUESTS.equals(id.getName())) {
          return config;
        }
        return DistributionStatisticConfig.builder()
            .serviceLevelObjectives(nanos)
            .build()
            .merge(config);
      }
    };
  }
}
