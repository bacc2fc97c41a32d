package io.kubeflowops.notification.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/** The formatted messages one logger category writes while open, for asserting on log output. */
public final class CapturedLogs implements AutoCloseable {
  private final Logger logger;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          String text = r instanceof ExtLogRecord ext ? ext.getFormattedMessage() : r.getMessage();
          lines.add(r.getLevel() + " " + text);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  public CapturedLogs(Class<?> category) {
    logger = Logger.getLogger(category.getName());
    handler.setLevel(Level.ALL);
    logger.addHandler(handler);
  }

  /** Lines as {@code LEVEL message}, e.g. {@code WARNING could not delete ...}. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  public long count(String fragment) {
    return lines.stream().filter(l -> l.contains(fragment)).count();
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
  }
}
