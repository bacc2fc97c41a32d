package io.kubeflowops.bench.chaos;

import io.kubeflowops.bench.Platform;
import io.kubeflowops.devstack.ServiceProcess;
import java.time.Duration;
import java.util.Map;

/**
 * The one process fault, because here the point is a crash: notification-service is frozen for 2 s
 * (SIGSTOP, like a long GC pause) so a full batch waits, let go, and killed with SIGKILL as soon as
 * it holds received, undeleted messages; then restarted at once. The messages of that batch come
 * back after the queue's visibility timeout.
 */
final class ConsumerKill implements Fault {
  private final Platform platform;
  private final Queues queues;
  private final Counters counters;
  private Map<String, String> atKill = Map.of();

  ConsumerKill(Platform platform, Queues queues, Counters counters) {
    this.platform = platform;
    this.queues = queues;
    this.counters = counters;
  }

  @Override
  public String target() {
    return Platform.NOTIFICATIONS;
  }

  @Override
  public String action() {
    return "frozen 2 s (SIGSTOP) so a batch waits, then kill -9 while it holds that batch;"
        + " restart at once";
  }

  @Override
  public void inject() throws Exception {
    ServiceProcess consumer = platform.service(Platform.NOTIFICATIONS);
    counters.remember();
    signal("STOP", consumer.pid());
    Thread.sleep(2_000);
    signal("CONT", consumer.pid());
    atKill = queues.main();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (Queues.inFlight(atKill) == 0 && System.nanoTime() < deadline) {
      atKill = queues.main();
    }
    consumer.kill();
  }

  @Override
  public void heal() throws Exception {
    restart(platform);
  }

  /** Starts the killed consumer again and waits until it is ready (every kill fault heals so). */
  static void restart(Platform platform) throws Exception {
    ServiceProcess consumer = platform.service(Platform.NOTIFICATIONS);
    consumer.start();
    consumer.awaitReady(Duration.ofSeconds(180));
  }

  /** The queue's in-flight count at a kill, as the report shows it. */
  static String inFlight(Map<String, String> atKill) {
    return "received and not yet deleted at the kill: "
        + atKill.getOrDefault("ApproximateNumberOfMessagesNotVisible", "?");
  }

  @Override
  public Duration hold(Duration outage) {
    return Duration.ZERO;
  }

  @Override
  public String observed() {
    return inFlight(atKill) + " (they come back after the 30 s visibility timeout)";
  }

  private static void signal(String signal, long pid) throws Exception {
    new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
  }
}
