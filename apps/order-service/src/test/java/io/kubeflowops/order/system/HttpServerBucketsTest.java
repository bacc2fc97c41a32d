package io.kubeflowops.order.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The buckets the latency SLO rules read: exactly these "le" values on http_server_requests, and
 * nothing added to other timers.
 */
class HttpServerBucketsTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  HttpServerBucketsTest() {
    registry.config().meterFilter(new HttpServerBuckets().httpServerRequestBuckets());
  }

  @Test
  void httpServerRequestsHaveTheSloBuckets() {
    Timer.builder(HttpServerBuckets.HTTP_SERVER_REQUESTS)
        .tags("method", "GET", "uri", "/x", "status", "200", "outcome", "SUCCESS")
        .register(registry)
        .record(Duration.ofMillis(120));

    List<String> buckets =
        registry
            .scrape()
            .lines()
            .filter(l -> l.startsWith("http_server_requests_seconds_bucket{"))
            .toList();
    assertEquals(
        List.of("0.05", "0.1", "0.25", "0.5", "1.0", "+Inf"),
        buckets.stream().map(l -> l.replaceAll(".*le=\"([^\"]+)\".*", "$1")).toList());
    // 120 ms: above the 100 ms boundary, inside the 250 ms one.
    assertTrue(buckets.stream().anyMatch(l -> l.contains("le=\"0.1\"") && l.endsWith(" 0.0")));
    assertTrue(buckets.stream().anyMatch(l -> l.contains("le=\"0.25\"") && l.endsWith(" 1.0")));
  }

  @Test
  void otherTimersAreLeftAlone() {
    Timer.builder("some.other.timer").register(registry).record(Duration.ofMillis(120));
    assertFalse(registry.scrape().contains("some_other_timer_seconds_bucket"));
  }
}
