package io.kubeflowops.notification.consumer;

import io.kubeflowops.notification.notification.NotificationStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The polling loop, on its own virtual thread from startup to shutdown. It does not receive while
 * Redis is down, so an outage does not use up receive counts and push good events into the DLQ. On
 * shutdown it stops polling (cutting a long poll short) but finishes the batch in hand.
 */
@ApplicationScoped
class OrderEventConsumer {
  private static final Logger LOG = Logger.getLogger(OrderEventConsumer.class);

  private final OrderEventQueue queue;
  private final OrderEventProcessor processor;
  private final NotificationStore store;
  private final SqsConfig config;

  private volatile boolean running;
  private boolean waiting; // guarded by this: true only while blocked in a receive or a pause
  private volatile Thread worker;
  private String outage;

  OrderEventConsumer(
      OrderEventQueue queue,
      OrderEventProcessor processor,
      NotificationStore store,
      SqsConfig config) {
    this.queue = queue;
    this.processor = processor;
    this.store = store;
    this.config = config;
  }

  void start(@Observes StartupEvent event) {
    running = true;
    worker = Thread.ofVirtual().name("order-events-consumer").start(this::loop);
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    if (worker == null) {
      return;
    }
    synchronized (this) {
      running = false;
      if (waiting) {
        worker.interrupt(); // only ever while waiting, never in the middle of a message
      }
    }
    if (!worker.join(config.drainTimeout())) {
      LOG.warnf("consumer did not finish its batch within %s", config.drainTimeout());
    }
  }

  private void loop() {
    LOG.infof("consuming %s", config.queueUrl());
    while (running) {
      for (Message m : nextBatch()) {
        processor.process(m);
      }
    }
    LOG.info("consumer stopped");
  }

  private List<Message> nextBatch() {
    if (!store.reachable()) {
      outage("Redis is unreachable");
      return List.of();
    }
    List<Message> batch;
    try {
      batch = whileWaiting(queue::receive);
    } catch (
        RuntimeException e) { // SdkException mostly; anything else must not end the loop either
      if (running) {
        outage("SQS receive failed: " + e.getMessage());
      }
      return List.of();
    }
    if (outage != null) {
      LOG.infof("consuming again after: %s", outage);
      outage = null;
    }
    return batch;
  }

  /** Logs an outage once (not on every try) and pauses before the next try. */
  private void outage(String what) {
    if (outage == null) {
      LOG.warnf("%s; not receiving, retrying every %d ms", what, config.outageWait().toMillis());
    }
    outage = what;
    whileWaiting(() -> pause(config.outageWait()));
  }

  /** Runs a blocking wait that shutdown may cut short; returns nothing once stopping. */
  private List<Message> whileWaiting(Supplier<List<Message>> wait) {
    synchronized (this) {
      if (!running) {
        return List.of();
      }
      waiting = true;
    }
    try {
      return wait.get();
    } finally {
      synchronized (this) {
        waiting = false;
        Thread.interrupted(); // a stop request that arrived during the wait must not disturb the
        // batch
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
