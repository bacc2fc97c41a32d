package io.kubeflowops.order.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Events written straight into the outbox, as an order's transaction writes them. */
final class OutboxEvents {
  private OutboxEvents() {}

  /**
   * {@code count} events created from {@code first} on, a millisecond apart, with the given
   * traceparent (null for none). Their JSON carries their id, so the queue can be searched for it.
   */
  static List<UUID> add(Outbox outbox, int count, Instant first, String traceparent) {
    List<UUID> ids = new ArrayList<>();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              for (int i = 0; i < count; i++) {
                UUID id = UUID.randomUUID();
                ids.add(id);
                try {
                  outbox.add(
                      new OutboxEvent(
                          id,
                          UUID.randomUUID(),
                          "order.created",
                          "{\"eventId\":\"" + id + "\"}",
                          traceparent,
                          first.plusMillis(i)));
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              }
            });
    return ids;
  }
}
