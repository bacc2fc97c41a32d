package io.kubeflowops.bench.chaos;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;

/**
 * A connection closed by the client reaches the dependency only after a delay (Toxiproxy's
 * slow_close toxic): the peer keeps half-closed connections, and their resources, for that long.
 */
final class SlowClose implements Fault {
  private final String target;
  private final Proxy link;
  private final long delayMillis;
  private eu.rekawek.toxiproxy.model.toxic.SlowClose toxic;

  SlowClose(String target, Proxy link, long delayMillis) {
    this.target = target;
    this.link = link;
    this.delayMillis = delayMillis;
  }

  @Override
  public String target() {
    return target;
  }

  @Override
  public String action() {
    return String.format(
        "slow close: connections the client closes stay open %d ms longer", delayMillis);
  }

  @Override
  public void inject() throws Exception {
    toxic = link.toxics().slowClose("slow-close", ToxicDirection.UPSTREAM, delayMillis);
  }

  @Override
  public void heal() throws Exception {
    toxic.remove();
  }
}
