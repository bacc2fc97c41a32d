package io.kubeflowops.order.outbox;

import io.kubeflowops.order.outbox.EventPublisher.Outcome;
import io.kubeflowops.order.outbox.EventPublisher.Refusal;
import io.kubeflowops.order.outbox.OutboxMetrics.Reason;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Publishes pending outbox events to SQS in batches and marks them sent. If SQS is down the events
 * stay in the table and the next run tries again, so an accepted order's event is never lost.
 * Delivery is at least once: a crash between publish and commit re-sends, and consumers
 * de-duplicate on eventId. An entry SQS refuses is logged, counted and retried; after {@link
 * OutboxConfig#parkAfterRejections()} refusals it is parked, so it cannot hold up the events behind
 * it.
 */
@ApplicationScoped
public class OutboxRelay {
  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

  private final Outbox outbox;
  private final EventPublisher publisher;
  private final OutboxConfig config;
  private final OutboxMetrics metrics;
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
    this.metrics = new OutboxMetrics(registry);
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
            // one batch (one transaction, one SendMessageBatch) instead of one run each.
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
      metrics.backlog(outbox.backlog());
    } catch (SQLException | RuntimeException e) {
      LOG.warnf("outbox relay run failed, will retry: %s", e.toString());
    }
  }

  /**
   * One transaction: claim a batch, publish it, mark what SQS accepted and record what it refused.
   * Returns the batch size when all of it was accepted, else 0 (the run stops; refused entries are
   * retried by the next run, so retries are spaced by the poll and by new orders).
   */
  private int publishOneBatch() {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              List<OutboxEvent> batch = outbox.claimPending(config.batchSize());
              if (batch.isEmpty()) {
                return 0;
              }
              Outcome outcome;
              try {
                outcome = publisher.publish(batch);
              } catch (SdkException e) {
                outbox.recordUnavailable(batch.stream().map(OutboxEvent::id).toList(), describe(e));
                metrics.failed(Reason.UNAVAILABLE, batch.size());
                logBrokerDown(e);
                return 0;
              }
              if (brokerDown) {
                brokerDown = false;
                LOG.info("SQS reachable again; publishing the waiting events");
              }
              Instant now = Instant.now(clock);
              outbox.markSent(outcome.accepted(), now);
              for (Map.Entry<UUID, Refusal> r : outcome.refused().entrySet()) {
                refused(r.getKey(), r.getValue(), now);
              }
              return outcome.refused().isEmpty() ? batch.size() : 0;
            });
  }

  /** Logs (event id and SQS's error only: the payload holds personal data), counts, records. */
  private void refused(UUID eventId, Refusal refusal, Instant now) throws SQLException {
    metrics.failed(refusal.senderFault() ? Reason.REJECTED : Reason.SQS_ERROR, 1);
    Outbox.Refusals so =
        outbox.recordRefusal(
            eventId, refusal.summary(), refusal.senderFault(), config.parkAfterRejections(), now);
    if (so.parked()) {
      LOG.errorf(
          "outbox event %s parked after %d refusals by SQS (%s); it will not be retried until"
              + " requeued (runbook: OrderOutboxEventsParked)",
          eventId, so.count(), refusal.summary());
    } else {
      LOG.warnf(
          "SQS refused outbox event %s (%s, %s; refusal %d of %d before parking), will retry",
          eventId,
          refusal.summary(),
          refusal.senderFault() ? "the entry's fault" : "SQS's fault, not counted",
          so.count(),
          config.parkAfterRejections());
    }
  }

  /**
   * What went wrong, without the request: an emulator may echo the request (message bodies) in its
   * error message, so a service error is described by its status and code only.
   */
  static String describe(SdkException e) {
    String text =
        e instanceof AwsServiceException ase && ase.awsErrorDetails() != null
            ? "HTTP " + ase.statusCode() + " " + ase.awsErrorDetails().errorCode()
            : e.getClass().getSimpleName() + ": " + e.getMessage();
    return text.length() <= 500 ? text : text.substring(0, 500);
  }

  private void logBrokerDown(SdkException e) {
    if (!brokerDown) {
      brokerDown = true;
      LOG.warnf("SQS unreachable, events wait in the outbox: %s", describe(e));
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
