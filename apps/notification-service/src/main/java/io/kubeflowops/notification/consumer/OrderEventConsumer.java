package io.kubeflowops.notification.consumer;

import io.kubeflowops.notification.notification.DeliveryMarkers;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Runs {@code sqs.consumers} independent poll loops, each on its own virtual thread from startup to
 * shutdown, so several batches are in flight at once. On shutdown every loop stops polling (a long
 * poll is cut short) but finishes the batch in hand; shutdown waits for all of them, at most the
 * drain timeout in total.
 */
@ApplicationScoped
class OrderEventConsumer {
  private static final Logger LOG = Logger.getLogger(OrderEventConsumer.class);
  static final String THREAD_PREFIX = "order-events-consumer-";

  private final OrderEventQueue queue;
  private final OrderEventProcessor processor;
  private final DeliveryMarkers markers;
  private final SqsConfig config;

  private final List<PollLoop> loops = new ArrayList<>(); // guarded by this
  private final List<Thread> threads = new ArrayList<>(); // guarded by this

  OrderEventConsumer(
      OrderEventQueue queue,
      OrderEventProcessor processor,
      DeliveryMarkers markers,
      SqsConfig config) {
    this.queue = queue;
    this.processor = processor;
    this.markers = markers;
    this.config = config;
  }

  synchronized void start(@Observes StartupEvent event) {
    OutageLog outage = new OutageLog(config.outageWait());
    Thread.Builder threadBuilder = Thread.ofVirtual().name(THREAD_PREFIX, 1);
    for (int i = 0; i < config.consumers(); i++) {
      PollLoop loop =
          new PollLoop(
              markers::reachable, queue::receive, processor::process, outage, config.outageWait());
      loops.add(loop);
      threads.add(threadBuilder.start(loop));
    }
    LOG.infof("consuming %s with %d poll loops", config.queueUrl(), loops.size());
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    List<Thread> toJoin;
    synchronized (this) {
      loops.forEach(PollLoop::stop);
      toJoin = List.copyOf(threads);
    }
    long deadline = System.nanoTime() + config.drainTimeout().toNanos();
    int unfinished = 0;
    for (Thread t : toJoin) {
      if (!t.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
        unfinished++;
      }
    }
    if (unfinished > 0) {
      LOG.warnf(
          "%d of %d poll loops did not finish their batch within %s",
          unfinished, toJoin.size(), config.drainTimeout());
    } else {
      LOG.info("consumer stopped");
    }
  }

  /** Names of the poll loops' threads that are alive (for tests and diagnostics). */
  synchronized List<String> liveLoops() {
    return threads.stream().filter(Thread::isAlive).map(Thread::getName).toList();
  }
}
