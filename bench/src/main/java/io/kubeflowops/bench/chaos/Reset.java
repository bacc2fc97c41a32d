package io.kubeflowops.bench.chaos;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.ResetPeer;

/**
 * Connections to a dependency are reset by the peer (TCP RST) as soon as the client sends on them
 * (Toxiproxy's reset_peer toxic): a restarting server, a load balancer dropping its state.
 */
final class Reset implements Fault {
  private final String target;
  private final Proxy link;
  private ResetPeer toxic;

  Reset(String target, Proxy link) {
    this.target = target;
    this.link = link;
  }

  @Override
  public String target() {
    return target;
  }

  @Override
  public String action() {
    return "reset: every connection reset by the peer as soon as the client sends";
  }

  @Override
  public void inject() throws Exception {
    toxic = link.toxics().resetPeer("reset", ToxicDirection.UPSTREAM, 0);
  }

  @Override
  public void heal() throws Exception {
    toxic.remove();
  }
}
