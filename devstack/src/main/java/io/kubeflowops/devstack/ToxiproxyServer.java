package io.kubeflowops.devstack;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Toxiproxy, the TCP proxy made for network fault injection, as a local process. A service reaches
 * a server through one of its proxies ({@link #proxy}); a test or the chaos run then breaks that
 * link through Toxiproxy's API (the returned {@link Proxy}): disable it (an outage: connections cut
 * and refused), or add a toxic (latency, reset_peer, slow_close, timeout, ...).
 *
 * <p>The {@value #BINARY} binary is pinned in tools/versions.env and built once by {@code
 * tools/install.sh toxiproxy}; make puts it on PATH. {@code TOXIPROXY_SERVER} may name it instead.
 */
public final class ToxiproxyServer implements Server {
  public static final String BINARY = "toxiproxy-server";

  private final int port;
  private final ToolProcess process;

  public ToxiproxyServer(int port, Path logFile) {
    this.port = port;
    this.process = new ToolProcess("toxiproxy", BINARY, "TOXIPROXY_SERVER", logFile);
  }

  @Override
  public String name() {
    return "toxiproxy";
  }

  @Override
  public void start() throws IOException {
    process.start(
        List.of("-host", "127.0.0.1", "-port", Integer.toString(port)),
        // Its default level traces every connection: thousands of lines a minute under load.
        Map.of("LOG_LEVEL", "info"),
        () -> client().version() != null,
        Duration.ofSeconds(20));
  }

  /** The client of this server's API. */
  public ToxiproxyClient client() {
    return new ToxiproxyClient("127.0.0.1", port);
  }

  /** A new proxy on a free loopback port in front of {@code 127.0.0.1:upstreamPort}. */
  public Proxy proxy(String name, int upstreamPort) throws IOException {
    return client().createProxy(name, "127.0.0.1:" + Ports.free(), "127.0.0.1:" + upstreamPort);
  }

  /** The port a proxy listens on: what a service is given instead of the server's own port. */
  public static int listenPort(Proxy proxy) {
    String listen = proxy.getListen();
    return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
  }

  @Override
  public void stop() {
    process.stop();
  }

  public long pid() {
    return process.pid();
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String endpoint() {
    return "http://127.0.0.1:" + port + " (Toxiproxy API)";
  }
}
