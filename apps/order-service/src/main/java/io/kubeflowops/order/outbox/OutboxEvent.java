package io.kubeflowops.order.outbox;

import java.time.Instant;
import java.util.UUID;

/** One row of the outbox: an event's JSON and the trace context of the request that caused it. */
public record OutboxEvent(
    UUID id,
    UUID aggregateId,
    String type,
    String payload,
    String traceparent,
    Instant createdAt) {}
