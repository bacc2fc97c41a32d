package io.kubeflowops.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenID Connect issuer on 127.0.0.1: mock-oauth2-server's standalone server (discovery,
 * JWKS, token endpoint), run as a child JVM from the class path the {@code devstack/issuer} module
 * gathers, configured by {@code devstack/issuer/issuer.json}. Its tokens carry the claims Amazon
 * Cognito's access tokens carry ({@code sub}, {@code token_use}, {@code scope}, {@code
 * cognito:groups}), so the services verify local and AWS tokens with one configuration.
 *
 * <p>It signs with a key it generates when it starts: tokens do not outlive the issuer, and a
 * service trusts whatever the JWKS of the issuer it is pointed at says.
 */
public final class OidcServer implements Server {
  /** The issuer id: the path of the issuer URL. */
  public static final String ISSUER_ID = "kubeflow-ops";

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

  private final int port;
  private final Path repoRoot;
  private final Path logFile;
  private Process process;

  public OidcServer(int port, Path logFile) {
    this(port, Path.of(System.getProperty("repo.root", ".")), logFile);
  }

  public OidcServer(int port, Path repoRoot, Path logFile) {
    this.port = port;
    this.repoRoot = repoRoot.toAbsolutePath().normalize();
    this.logFile = logFile.toAbsolutePath();
  }

  @Override
  public String name() {
    return "oidc";
  }

  @Override
  public synchronized void start() throws IOException {
    if (process != null && process.isAlive()) {
      return;
    }
    Path lib = repoRoot.resolve("devstack/issuer/target/lib");
    Path config = repoRoot.resolve("devstack/issuer/issuer.json");
    if (!Files.isDirectory(lib) || !Files.isRegularFile(config)) {
      throw new IOException(lib + " is missing: build first (./mvnw package -DskipTests)");
    }
    Files.createDirectories(logFile.getParent());
    List<String> cmd =
        List.of(
            ProcessHandle.current().info().command().orElse("java"),
            "-Xmx96m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "--sun-misc-unsafe-memory-access=allow",
            "-cp",
            lib + "/*",
            "no.nav.security.mock.oauth2.StandaloneMockOAuth2ServerKt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    pb.environment().put("SERVER_HOSTNAME", "127.0.0.1");
    pb.environment().put("SERVER_PORT", Integer.toString(port));
    pb.environment().put("JSON_CONFIG_PATH", config.toString());
    process = pb.start();
    awaitDiscovery(Duration.ofSeconds(60));
  }

  private void awaitDiscovery(Duration timeout) throws IOException {
    HttpRequest discovery =
        HttpRequest.newBuilder(URI.create(issuerUrl() + "/.well-known/openid-configuration"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "the OIDC issuer exited with " + process.exitValue() + "; see " + logFile);
      }
      try {
        if (HTTP.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the OIDC issuer", e);
      }
      sleep(100);
    }
    throw new IOException("the OIDC issuer did not answer within " + timeout + "; see " + logFile);
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

  @Override
  public int port() {
    return port;
  }

  /** What services verify tokens against and clients ask for them: {@code OIDC_ISSUER}. */
  public String issuerUrl() {
    return "http://127.0.0.1:" + port + "/" + ISSUER_ID;
  }

  @Override
  public String endpoint() {
    return issuerUrl() + " (discovery, JWKS, token endpoint)";
  }

  private static void sleep(long ms) throws IOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
