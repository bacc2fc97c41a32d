package io.kubeflowops.bench.chaos;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;

/**
 * The network faults: each a Toxiproxy action on the link to a dependency, and its undoing. The
 * dependency itself keeps running, as in a real outage between a service and what it calls.
 */
final class NetworkFaults {
  private NetworkFaults() {}

  /** The link goes away: open connections cut, new ones refused (a crashed node, a failover). */
  static Fault outage(String target, Proxy link) {
    return new Fault.Of(
        target,
        "outage: open connections cut, new ones refused (Toxiproxy proxy disabled)",
        link::disable,
        link::enable);
  }

  /**
   * Connections reset by the peer (TCP RST) as soon as the client sends on them: a restarting
   * server, a load balancer dropping its state.
   */
  static Fault reset(String target, Proxy link) {
    return new Fault.Of(
        target,
        "reset: every connection reset by the peer as soon as the client sends",
        () -> link.toxics().resetPeer("reset", ToxicDirection.UPSTREAM, 0),
        remove(link, "reset"));
  }

  /** Every answer from the dependency arrives late, with jitter. */
  static Fault latency(String target, Proxy link, long millis, long jitterMillis) {
    return new Fault.Of(
        target,
        String.format("latency: every answer %d ± %d ms late", millis, jitterMillis),
        () ->
            link.toxics()
                .latency("latency", ToxicDirection.DOWNSTREAM, millis)
                .setJitter(jitterMillis),
        remove(link, "latency"));
  }

  /**
   * A connection the client closes reaches the dependency only after a delay: the peer keeps
   * half-closed connections, and their resources, for that long.
   */
  static Fault slowClose(String target, Proxy link, long delayMillis) {
    return new Fault.Of(
        target,
        String.format(
            "slow close: connections the client closes stay open %d ms longer", delayMillis),
        () -> link.toxics().slowClose("slow-close", ToxicDirection.UPSTREAM, delayMillis),
        remove(link, "slow-close"));
  }

  private static Fault.Action remove(Proxy link, String toxic) {
    return () -> link.toxics().get(toxic).remove();
  }
}
