package io.kubeflowops.order.outbox;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Where the relay sends events. */
interface EventPublisher {
  /**
   * Publishes a batch (at most 10) and returns the broker's verdict on each event: every event of
   * the batch is either accepted or refused. Throws when the call as a whole fails (the broker is
   * unreachable, throttles, or denies access), so that no single event is blamed for it.
   */
  Outcome publish(List<OutboxEvent> batch);

  /** The events the broker accepted, and why it refused the others. */
  record Outcome(Set<UUID> accepted, Map<UUID, Refusal> refused) {}

  /**
   * One entry the broker did not accept. {@code senderFault}: the entry itself is at fault (the
   * broker will refuse it again unchanged); otherwise the broker failed on its side and a retry may
   * succeed. The message is the broker's, never the event's payload.
   */
  record Refusal(String code, String message, boolean senderFault) {
    String summary() {
      String text = code + ": " + message;
      return text.length() <= 500 ? text : text.substring(0, 500);
    }
  }
}
