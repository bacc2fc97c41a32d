package io.kubeflowops.devstack;

import java.io.IOException;

/** A real redis-server process (the binary ships inside the embedded-redis jar). */
public final class RedisServer implements Server {
  private final int port;
  private redis.embedded.RedisServer server;

  public RedisServer(int port) {
    this.port = port;
  }

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public synchronized void start() throws IOException {
    if (server != null) {
      return;
    }
    server =
        redis.embedded.RedisServer.newRedisServer()
            .port(port)
            .bind("127.0.0.1")
            .setting("save \"\"")
            .setting("appendonly no")
            .build();
    server.start();
  }

  @Override
  public synchronized void stop() throws IOException {
    if (server != null) {
      server.stop();
      server = null;
    }
  }

  @Override
  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public String endpoint() {
    return url();
  }
}
