package io.kubeflowops.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Jaeger (v2) as a local process, for {@code make run TRACES=on}: the services export their traces
 * to it over OTLP and its UI shows them. Traces live in memory (gone at the stop). Configuration:
 * the {@code jaeger.yaml} resource (only the OTLP receiver, the store and the UI listen). The
 * binary is pinned in tools/versions.env ({@code tools/install.sh jaeger}).
 */
public final class JaegerServer implements Server {
  private final int uiPort;
  private final int otlpPort;
  private final Path workDir;
  private final ToolProcess process;

  public JaegerServer(int uiPort, int otlpPort, Path workDir) {
    this.uiPort = uiPort;
    this.otlpPort = otlpPort;
    this.workDir = workDir;
    this.process =
        new ToolProcess("jaeger", "jaeger", "JAEGER_BINARY", workDir.resolve("logs/jaeger.log"));
  }

  @Override
  public String name() {
    return "jaeger";
  }

  @Override
  public void start() throws IOException {
    Path config = workDir.resolve("jaeger.yaml");
    try (InputStream in = JaegerServer.class.getResourceAsStream("/jaeger.yaml")) {
      Files.copy(in, config, StandardCopyOption.REPLACE_EXISTING);
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    HttpRequest ui =
        HttpRequest.newBuilder(URI.create(uiUrl())).timeout(Duration.ofSeconds(2)).build();
    process.start(
        List.of("--config", config.toString()),
        Map.of(
            "JAEGER_UI_PORT", Integer.toString(uiPort),
            "JAEGER_OTLP_PORT", Integer.toString(otlpPort),
            "JAEGER_QUERY_GRPC_PORT", Integer.toString(Ports.free())),
        () -> http.send(ui, HttpResponse.BodyHandlers.discarding()).statusCode() == 200,
        Duration.ofSeconds(60));
  }

  /** Where the services send their spans (OTEL_EXPORTER_OTLP_ENDPOINT, OTLP over gRPC). */
  public String otlpEndpoint() {
    return "http://127.0.0.1:" + otlpPort;
  }

  public String uiUrl() {
    return "http://127.0.0.1:" + uiPort;
  }

  @Override
  public void stop() {
    process.stop();
  }

  @Override
  public int port() {
    return uiPort;
  }

  @Override
  public String endpoint() {
    return uiUrl() + " (traces UI; OTLP in on " + otlpEndpoint() + ")";
  }
}
