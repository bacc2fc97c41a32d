package io.kubeflowops.order.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The relay's metrics: outbox_pending and outbox_parked (from the table, so every replica reports
 * the same numbers) and outbox_publish_failures_total by reason. Every reason is registered at
 * start, so the series exist (at 0) before the first failure and rate() sees the first one.
 */
final class OutboxMetrics {
  /** Why an event was not published: a small fixed set, so the tag stays low-cardinality. */
  enum Reason {
    /** SQS refused the entry itself (sender fault): counts towards parking. */
    REJECTED("rejected"),
    /** SQS failed on its side for this entry: retried, does not count towards parking. */
    SQS_ERROR("sqs_error"),
    /** The whole call failed (SQS unreachable, throttling, access denied): every entry waits. */
    UNAVAILABLE("unavailable");

    final String tag;

    Reason(String tag) {
      this.tag = tag;
    }
  }

  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong parked = new AtomicLong();
  private final Map<Reason, Counter> failures = new EnumMap<>(Reason.class);

  OutboxMetrics(MeterRegistry registry) {
    Gauge.builder("outbox.pending", pending, AtomicLong::get)
        .description(
            "Events written to the outbox and not yet accepted by SQS (parked ones excluded)")
        .register(registry);
    Gauge.builder("outbox.parked", parked, AtomicLong::get)
        .description(
            "Events the relay gave up on after repeated refusals by SQS; they need a person")
        .register(registry);
    for (Reason r : Reason.values()) {
      failures.put(
          r,
          Counter.builder("outbox.publish.failures")
              .description("Outbox events a publish attempt did not deliver, by reason")
              .tag("reason", r.tag)
              .register(registry));
    }
  }

  void failed(Reason reason, int events) {
    failures.get(reason).increment(events);
  }

  void backlog(Outbox.Backlog b) {
    pending.set(b.pending());
    parked.set(b.parked());
  }
}
