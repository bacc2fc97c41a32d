package io.kubeflowops.notification.consumer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Logs an outage once for all poll loops: when the first loop runs into it and when the first loop
 * gets through again, not on every try of every loop.
 */
final class OutageLog {
  private static final Logger LOG = Logger.getLogger(OutageLog.class);

  private final AtomicReference<String> current = new AtomicReference<>();
  private final Duration retryEvery;

  OutageLog(Duration retryEvery) {
    this.retryEvery = retryEvery;
  }

  void down(String what) {
    if (current.getAndSet(what) == null) {
      LOG.warnf("%s; not receiving, retrying every %d ms", what, retryEvery.toMillis());
    }
  }

  void up() {
    String was = current.getAndSet(null);
    if (was != null) {
      LOG.infof("consuming again after: %s", was);
    }
  }
}
