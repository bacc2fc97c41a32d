package io.kubeflowops.bench.chaos;

import eu.rekawek.toxiproxy.Proxy;

/**
 * The link to a dependency goes away: Toxiproxy disables the proxy, which cuts every open
 * connection and refuses new ones (a crashed node, a failover, a dropped route).
 */
final class Outage implements Fault {
  private final String target;
  private final Proxy link;

  Outage(String target, Proxy link) {
    this.target = target;
    this.link = link;
  }

  @Override
  public String target() {
    return target;
  }

  @Override
  public String action() {
    return "outage: open connections cut, new ones refused (Toxiproxy proxy disabled)";
  }

  @Override
  public void inject() throws Exception {
    link.disable();
  }

  @Override
  public void heal() throws Exception {
    link.enable();
  }
}
