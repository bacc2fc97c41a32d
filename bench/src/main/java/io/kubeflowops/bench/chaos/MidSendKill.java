package io.kubeflowops.bench.chaos;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import io.kubeflowops.bench.Platform;
import java.time.Duration;
import java.util.Map;

/**
 * The crash the delivery design allows for, provoked on purpose: the mail server's replies are
 * slowed (Toxiproxy latency on the smtp link) so that each poll loop of notification-service sits
 * in the middle of a send, holding its claim, and then the consumer is killed with SIGKILL. A loop
 * waiting for the reply to its message's final "." has had the mail accepted but not recorded: the
 * redelivery sends it again (the bounded duplicate of docs/adr/0005-notification-delivery.md). A
 * loop waiting on an earlier reply has claimed and sent nothing: the claim expires and the
 * redelivery sends it once. Either way nothing may be lost.
 */
final class MidSendKill implements Fault {
  private static final long REPLY_DELAY_MS = 700;

  private final Platform platform;
  private final Proxy smtp;
  private final Queues queues;
  private final int round;
  private Latency toxic;
  private Map<String, String> atKill = Map.of();

  MidSendKill(Platform platform, Proxy smtp, Queues queues, int round) {
    this.platform = platform;
    this.smtp = smtp;
    this.queues = queues;
    this.round = round;
  }

  @Override
  public String target() {
    return Platform.NOTIFICATIONS;
  }

  @Override
  public String action() {
    return "mid-send crash "
        + round
        + ": mail server replies "
        + REPLY_DELAY_MS
        + " ms late, kill -9 while every poll loop is inside a send; restart at once";
  }

  @Override
  public void inject() throws Exception {
    toxic = smtp.toxics().latency("slow-replies", ToxicDirection.DOWNSTREAM, REPLY_DELAY_MS);
    // A few replies' time, so each loop is past its claim and inside an SMTP exchange.
    Thread.sleep(3 * REPLY_DELAY_MS);
    atKill = queues.main();
    platform.service(Platform.NOTIFICATIONS).kill();
    toxic.remove();
  }

  @Override
  public void heal() throws Exception {
    ConsumerKill.restart(platform);
  }

  @Override
  public Duration hold(Duration outage) {
    return Duration.ZERO;
  }

  @Override
  public String observed() {
    return ConsumerKill.inFlight(atKill);
  }
}
