package io.kubeflowops.bench.chaos;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;

/** Every answer from a dependency arrives late (Toxiproxy's latency toxic, with jitter). */
final class Latency implements Fault {
  private final String target;
  private final Proxy link;
  private final long millis;
  private final long jitterMillis;
  private eu.rekawek.toxiproxy.model.toxic.Latency toxic;

  Latency(String target, Proxy link, long millis, long jitterMillis) {
    this.target = target;
    this.link = link;
    this.millis = millis;
    this.jitterMillis = jitterMillis;
  }

  @Override
  public String target() {
    return target;
  }

  @Override
  public String action() {
    return String.format("latency: every answer %d ± %d ms late", millis, jitterMillis);
  }

  @Override
  public void inject() throws Exception {
    toxic = link.toxics().latency("latency", ToxicDirection.DOWNSTREAM, millis);
    toxic.setJitter(jitterMillis);
  }

  @Override
  public void heal() throws Exception {
    toxic.remove();
  }
}
