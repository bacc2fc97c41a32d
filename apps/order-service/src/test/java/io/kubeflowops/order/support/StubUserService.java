package io.kubeflowops.order.support;

import com.sun.net.httpserver.HttpServer;
import io.kubeflowops.devstack.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for user-service at the HTTP boundary, so order-service's own tests can make it
 * answer, fail, hang or vanish on demand. (The end-to-end suite runs the real user-service.)
 */
public final class StubUserService implements QuarkusTestResourceLifecycleManager {
  public enum Mode {
    UP,
    ERROR,
    SLOW
  }

  public static final Set<UUID> USERS = ConcurrentHashMap.newKeySet();
  public static final AtomicInteger CALLS = new AtomicInteger();
  public static volatile Mode mode = Mode.UP;
  private static volatile HttpServer server;
  private static int port;

  @Override
  public Map<String, String> start() {
    port = Ports.free();
    up();
    return Map.of("quarkus.rest-client.user-service.url", "http://127.0.0.1:" + port);
  }

  /** Starts listening (again) on the same port. */
  public static synchronized void up() {
    if (server != null) {
      return;
    }
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
      s.createContext("/users/", StubUserService::handle);
      s.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
      s.start();
      server = s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops listening: calls get "connection refused". */
  public static synchronized void down() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  private static void handle(com.sun.net.httpserver.HttpExchange ex) throws IOException {
    CALLS.incrementAndGet();
    String id = ex.getRequestURI().getPath().substring("/users/".length());
    int status;
    String body = "";
    switch (mode) {
      case ERROR -> status = 500;
      case SLOW -> {
        sleep(5_000);
        status = 200;
      }
      default -> {
        boolean known = USERS.stream().anyMatch(u -> u.toString().equals(id));
        status = known ? 200 : 404;
        body =
            known ? "{\"id\":\"" + id + "\",\"name\":\"Stub\",\"email\":\"stub@example.com\"}" : "";
      }
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
    ex.close();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void stop() {
    down();
  }
}
