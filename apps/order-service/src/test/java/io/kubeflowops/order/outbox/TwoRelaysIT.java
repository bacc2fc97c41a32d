package io.kubeflowops.order.outbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.kubeflowops.order.support.OrderStack;
import io.kubeflowops.order.support.Queue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Relays on several replicas share one outbox: each claims its batch with {@code FOR UPDATE SKIP
 * LOCKED}, so two relays never publish the same event and neither waits for the other's batch. Two
 * extra relays run here beside the service's own, on the real database and queue.
 */
@QuarkusTest
@OrderStack
class TwoRelaysIT {
  private static final Pattern EVENT_ID = Pattern.compile("\"eventId\"\\s*:\\s*\"([^\"]+)\"");

  @Inject Outbox outbox;
  @Inject SqsEventPublisher sqs;
  @Inject OutboxConfig config;
  @Inject AgroalDataSource db;

  /** The real publisher, remembering what SQS accepted from this relay. */
  private static final class Recording implements EventPublisher {
    final Set<UUID> accepted = Collections.synchronizedSet(new HashSet<>());
    private final EventPublisher delegate;

    Recording(EventPublisher delegate) {
      this.delegate = delegate;
    }

    @Override
    public Outcome publish(List<OutboxEvent> batch) {
      Outcome o = delegate.publish(batch);
      accepted.addAll(o.accepted());
      return o;
    }
  }

  private OutboxRelay relay(EventPublisher publisher) {
    return new OutboxRelay(outbox, publisher, config, new SimpleMeterRegistry());
  }

  @Test
  void twoRelaysRacingOnTheSameOutboxPublishEachEventExactlyOnce() throws Exception {
    Queue.drain();
    List<UUID> ids = OutboxEvents.add(outbox, 300, Instant.parse("2002-01-01T00:00:00Z"), null);
    Recording a = new Recording(sqs);
    Recording b = new Recording(sqs);
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (Recording r : List.of(a, b)) {
        OutboxRelay relay = relay(r);
        runs.add(
            pool.submit(
                () -> {
                  start.await();
                  // Each poll drains up to 50 batches; poll until every event of ours is out.
                  while (unsent(ids) > 0) {
                    relay.poll();
                  }
                  return null;
                }));
      }
      for (Future<?> f : runs) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    Map<String, Integer> copies = copiesOnTheQueue(ids);
    assertEquals(ids.size(), copies.size(), "every event reached the queue");
    Map<String, Integer> doubled = new HashMap<>(copies);
    doubled.values().removeIf(n -> n == 1);
    assertEquals(
        0,
        doubled.size(),
        "events published more than once (event id=copies, a few): "
            + doubled.entrySet().stream().limit(5).toList());
    Set<UUID> both = new HashSet<>(a.accepted);
    both.retainAll(b.accepted);
    assertEquals(Set.of(), both, "events both relays published");
    // The race was real: both relays published a share.
    assertFalse(a.accepted.isEmpty(), "relay A published nothing");
    assertFalse(b.accepted.isEmpty(), "relay B published nothing");
  }

  @Test
  void aRelayDoesNotWaitForTheBatchAnotherRelayHolds() throws Exception {
    Queue.drain();
    // The oldest events, so that they are the head of the outbox.
    List<UUID> ids = OutboxEvents.add(outbox, 15, Instant.parse("2003-01-01T00:00:00Z"), null);
    CountDownLatch claimed = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Set<UUID> heldByA = Collections.synchronizedSet(new HashSet<>());
    // Relay A claims a batch and is held inside its publish call, its rows still locked.
    EventPublisher held =
        batch -> {
          if (claimed.getCount() > 0) {
            batch.forEach(e -> heldByA.add(e.id()));
          }
          claimed.countDown();
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return sqs.publish(batch);
        };
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> a = pool.submit(() -> relay(held).poll());
      assertTrue(claimed.await(30, TimeUnit.SECONDS), "relay A claimed a batch");
      List<UUID> rest = ids.stream().filter(id -> !heldByA.contains(id)).toList();
      assertFalse(heldByA.isEmpty(), "relay A holds some of the events");
      assertFalse(rest.isEmpty(), "events are left for the other relays");

      // Relay B (and the service's own) skip A's rows and publish the rest while A still holds
      // them; a relay that waited on A's locks would publish nothing until A lets go.
      Future<?> b = pool.submit(() -> relay(sqs).poll());
      b.get(20, TimeUnit.SECONDS);
      Map<String, Integer> whileHeld = new HashMap<>();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                copiesOnTheQueue(ids).forEach((k, v) -> whileHeld.merge(k, v, Integer::sum));
                return whileHeld.keySet().containsAll(strings(rest));
              });
      for (UUID id : heldByA) {
        assertFalse(whileHeld.containsKey(id.toString()), "A's claimed event went out twice");
      }

      release.countDown();
      a.get(30, TimeUnit.SECONDS);
      Map<String, Integer> afterwards = new HashMap<>(whileHeld);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                copiesOnTheQueue(ids).forEach((k, v) -> afterwards.merge(k, v, Integer::sum));
                return afterwards.keySet().containsAll(strings(ids));
              });
      afterwards.values().removeIf(n -> n == 1);
      assertEquals(Map.of(), afterwards, "events published more than once");
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  private long unsent(List<UUID> ids) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM orders.outbox WHERE id = ANY (?) AND sent_at IS NULL")) {
      ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static List<String> strings(List<UUID> ids) {
    return ids.stream().map(UUID::toString).toList();
  }

  /** Drains the queue: for each of our event ids, how many messages carried it. */
  private static Map<String, Integer> copiesOnTheQueue(List<UUID> ids) {
    Set<String> ours = new HashSet<>(strings(ids));
    Map<String, Integer> copies = new HashMap<>();
    for (Message m : Queue.drain()) {
      // The payload as PostgreSQL's jsonb prints it: {"eventId": "..."}.
      Matcher id = EVENT_ID.matcher(m.body());
      if (id.find() && ours.contains(id.group(1))) {
        copies.merge(id.group(1), 1, Integer::sum);
      }
    }
    return copies;
  }
}
