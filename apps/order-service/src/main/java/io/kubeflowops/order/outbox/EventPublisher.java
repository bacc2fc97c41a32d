package io.kubeflowops.order.outbox;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Where the relay sends events. */
interface EventPublisher {
  /**
   * Publishes a batch (at most 10) and returns the ids the broker accepted. Throws when the broker
   * is unreachable.
   */
  Set<UUID> publish(List<OutboxEvent> batch);
}
