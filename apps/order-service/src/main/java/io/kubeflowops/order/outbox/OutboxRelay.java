package io.kubeflowops.order.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Publishes unsent outbox events to SQS in batches and marks them sent. If SQS is down the events
 * stay in the table and the next run tries again, so an accepted order's event is never lost.
 * Delivery is at least once: a crash between publish and commit re-sends, and consumers
 * de-duplicate on eventId.
 */
@ApplicationScoped
public class OutboxRelay {
  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

  private final Outbox outbox;
  private final EventPublisher publisher;
  private final OutboxConfig config;
  private final AtomicLong pending = new AtomicLong();
  private final Clock clock = Clock.systemUTC();
  private volatile boolean brokerDown;
  // Runs never overlap: the poll skips while one is busy, a wake-up waits its turn.
  private final ReentrantLock running = new ReentrantLock();
  private final AtomicBoolean wakeUpQueued = new AtomicBoolean();
  private final ExecutorService wakeUps =
      Executors.newSingleThreadExecutor(Thread.ofVirtual().name("outbox-wake-up").factory());

  OutboxRelay(
      Outbox outbox, EventPublisher publisher, OutboxConfig config, MeterRegistry registry) {
    this.outbox = outbox;
    this.publisher = publisher;
    this.config = config;
    Gauge.builder("outbox.pending", pending, AtomicLong::get)
        .description("Events written to the outbox and not yet accepted by SQS")
        .register(registry);
  }

  @Scheduled(
      identity = "outbox-relay",
      every = "${outbox.poll-interval:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void poll() {
    if (running.tryLock()) {
      try {
        drain();
      } finally {
        running.unlock();
      }
    }
  }

  /**
   * Publish soon: called once an order has committed, so its event does not wait for the next poll.
   * Wake-ups that arrive while one is queued coalesce into it; the poll remains the safety net
   * (after an SQS outage, a crash).
   */
  public void wakeUp() {
    if (wakeUpQueued.compareAndSet(false, true)) {
      wakeUps.execute(
          () -> {
            // Linger briefly so that, under load, the commits of the next few milliseconds share
            // one batch (one
            // transaction, one SendMessageBatch) instead of one run each.
            if (!linger()) {
              return;
            }
            running.lock();
            try {
              wakeUpQueued.set(false);
              drain();
            } finally {
              running.unlock();
            }
          });
    }
  }

  private boolean linger() {
    try {
      Thread.sleep(config.wakeUpLinger());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @PreDestroy
  void stopWakeUps() {
    wakeUps.shutdownNow();
  }

  private void drain() {
    try {
      for (int i = 0; i < config.maxBatchesPerRun(); i++) {
        if (publishOneBatch() < config.batchSize()) {
          break;
        }
      }
      pending.set(outbox.pending());
    } catch (SQLException | RuntimeException e) {
      LOG.warnf("outbox relay run failed, will retry: %s", e.toString());
    }
  }

  /** One transaction: claim a batch, publish it, mark what SQS accepted. Returns the batch size. */
  private int publishOneBatch() {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              List<OutboxEvent> batch = outbox.claimUnsent(config.batchSize());
              if (batch.isEmpty()) {
                return 0;
              }
              Set<UUID> sent;
              try {
                sent = publisher.publish(batch);
              } catch (SdkException e) {
                outbox.countAttempt(batch.stream().map(OutboxEvent::id).toList());
                logBrokerDown(e);
                return 0;
              }
              if (brokerDown) {
                brokerDown = false;
                LOG.info("SQS reachable again; publishing the waiting events");
              }
              outbox.markSent(sent, Instant.now(clock));
              return sent.size() == batch.size() ? batch.size() : 0;
            });
  }

  private void logBrokerDown(SdkException e) {
    if (!brokerDown) {
      brokerDown = true;
      LOG.warnf("SQS unreachable, events wait in the outbox: %s", e.getMessage());
    }
  }

  @Scheduled(identity = "outbox-purge", every = "1h", delayed = "1m")
  void purge() throws SQLException {
    int purged =
        QuarkusTransaction.requiringNew()
            .call(() -> outbox.purgeSentBefore(Instant.now(clock).minus(config.retention())));
    if (purged > 0) {
      LOG.infof("purged %d sent outbox events", purged);
    }
  }
}
