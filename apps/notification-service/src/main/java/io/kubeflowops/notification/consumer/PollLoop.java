package io.kubeflowops.notification.consumer;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * One receive → handle loop, run on its own thread until stopped. It does not receive while Redis
 * is down, so an outage does not use up receive counts and push good events into the DLQ. Stopping
 * interrupts it only while it waits (a long poll or an outage pause), never while it handles a
 * batch, so the batch in hand is always finished. No exception ends the loop.
 */
final class PollLoop implements Runnable {
  private static final Logger LOG = Logger.getLogger(PollLoop.class);

  private final BooleanSupplier redisReachable;
  private final Supplier<List<Message>> receive;
  private final Consumer<List<Message>> handle;
  private final OutageLog outage;
  private final Duration outageWait;

  private volatile boolean running = true;
  private Thread waiter; // guarded by this: the loop's thread while blocked in a receive or a pause

  PollLoop(
      BooleanSupplier redisReachable,
      Supplier<List<Message>> receive,
      Consumer<List<Message>> handle,
      OutageLog outage,
      Duration outageWait) {
    this.redisReachable = redisReachable;
    this.receive = receive;
    this.handle = handle;
    this.outage = outage;
    this.outageWait = outageWait;
  }

  @Override
  public void run() {
    while (running) {
      List<Message> batch = nextBatch();
      if (batch.isEmpty()) {
        continue;
      }
      try {
        handle.accept(batch);
      } catch (RuntimeException e) {
        // The messages not deleted come back after their visibility timeout.
        LOG.errorf(e, "batch of %d messages not fully handled", batch.size());
      }
    }
  }

  /** Ends the loop after the batch in hand; cuts a receive or pause in progress short. */
  void stop() {
    synchronized (this) {
      running = false;
      if (waiter != null) {
        waiter.interrupt();
      }
    }
  }

  private List<Message> nextBatch() {
    if (!redisReachable.getAsBoolean()) {
      down("Redis is unreachable");
      return List.of();
    }
    List<Message> batch;
    try {
      batch = whileWaiting(receive);
    } catch (
        RuntimeException e) { // SdkException mostly; anything else must not end the loop either
      if (running) {
        down("SQS receive failed: " + e.getMessage());
      }
      return List.of();
    }
    outage.up();
    return batch;
  }

  private void down(String what) {
    outage.down(what);
    whileWaiting(() -> pause(outageWait));
  }

  /** Runs a blocking wait that stopping may cut short; returns nothing once stopping. */
  private List<Message> whileWaiting(Supplier<List<Message>> wait) {
    synchronized (this) {
      if (!running) {
        return List.of();
      }
      waiter = Thread.currentThread();
    }
    try {
      return wait.get();
    } finally {
      synchronized (this) {
        waiter = null;
        // A stop request that arrived during the wait must not disturb the batch.
        Thread.interrupted();
      }
    }
  }

  private static List<Message> pause(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return List.of();
  }
}
