package io.kubeflowops.devstack;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

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
  private final Path logFile;
  private Process process;

  public ToxiproxyServer(int port, Path logFile) {
    this.port = port;
    this.logFile = logFile;
  }

  @Override
  public String name() {
    return "toxiproxy";
  }

  @Override
  public synchronized void start() throws IOException {
    if (process != null && process.isAlive()) {
      return;
    }
    Files.createDirectories(logFile.getParent());
    ProcessBuilder pb =
        new ProcessBuilder(binary(), "-host", "127.0.0.1", "-port", Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    // Its default level traces every connection: thousands of lines a minute under load.
    pb.environment().put("LOG_LEVEL", "info");
    process = pb.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(BINARY + " exited at start; see " + logFile);
      }
      try {
        client().version();
        return;
      } catch (IOException notYet) {
        sleep(50);
      }
    }
    throw new IOException(BINARY + " not answering on port " + port + " after 20 s");
  }

  private static String binary() throws IOException {
    String named = System.getenv("TOXIPROXY_SERVER");
    if (named != null && !named.isBlank()) {
      return named;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, BINARY);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IOException(
        BINARY
            + " is not on PATH: `tools/install.sh toxiproxy` builds it (make targets that need it"
            + " install it and put it on PATH), or set TOXIPROXY_SERVER to its path");
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
  public synchronized void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    process = null;
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

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
