package io.kubeflowops.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenLoopTest {
  private HttpServer server;
  private final AtomicInteger served = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/slow",
        exchange -> {
          // Every request takes 200 ms: a closed-loop client with one connection would halve its
          // rate; an open loop keeps sending on schedule and reports the wait as latency.
          try {
            Thread.sleep(200);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          served.incrementAndGet();
          exchange.sendResponseHeaders(exchange.getRequestURI().getQuery() == null ? 200 : 503, -1);
          exchange.close();
        });
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private OpenLoop.Target target(String query) {
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/slow" + query;
    return new OpenLoop.Target() {
      @Override
      public HttpRequest.Builder request(long seq) {
        return HttpRequest.newBuilder(URI.create(url));
      }

      @Override
      public int expectedStatus() {
        return 200;
      }
    };
  }

  @Test
  void sendsOnScheduleWhateverTheServerDoesAndMeasuresFromTheDueTime() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    OpenLoop loop = new OpenLoop(http, target(""), 50, Duration.ofSeconds(5), 1_000, 50);
    loop.start();
    Thread.sleep(1_000);
    loop.stop();
    OpenLoop.Window w = loop.tick();
    assertEquals(50, loop.sent());
    assertEquals(50, w.ok());
    assertEquals(0, w.errorCount());
    assertTrue(w.percentileMs(50) >= 200, "latency includes the 200 ms: " + w.percentileMs(50));
  }

  @Test
  void countsUnexpectedStatusesAsErrorsByKind() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    OpenLoop loop = new OpenLoop(http, target("?fail"), 20, Duration.ofSeconds(5), 1_000, 10);
    loop.start();
    Thread.sleep(600);
    loop.stop();
    OpenLoop.Window w = loop.tick();
    assertEquals(0, w.ok());
    assertEquals(10L, w.errors().get("HTTP 503"));
  }
}
