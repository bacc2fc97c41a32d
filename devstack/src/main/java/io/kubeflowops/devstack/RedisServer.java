package io.kubeflowops.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real redis-server process (the binary ships inside the embedded-redis jar).
 *
 * <p>With a data directory it keeps an append-only file there, so a stop and a start on the same
 * directory find every key again (the de-dup keys and the notification records), as a Redis with
 * persistence does. Without one it is a throw-away in-memory server for a single test.
 */
public final class RedisServer implements Server {
  private final int port;
  private final Path dataDir;
  private redis.embedded.RedisServer server;

  /** An in-memory server: a restart starts empty. */
  public RedisServer(int port) {
    this(port, null);
  }

  /** A server whose keys survive a restart in {@code dataDir} (created if missing). */
  public RedisServer(int port, Path dataDir) {
    this.port = port;
    this.dataDir = dataDir == null ? null : dataDir.toAbsolutePath();
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
    var builder =
        redis.embedded.RedisServer.newRedisServer()
            .port(port)
            .bind("127.0.0.1")
            .setting("save \"\"");
    if (dataDir == null) {
      builder.setting("appendonly no");
    } else {
      Files.createDirectories(dataDir);
      // everysec, not always: Redis write()s the file before it answers a command, so a stopped or
      // killed redis-server loses nothing (a clean stop also fsyncs); only a machine crash could
      // lose the last second. `always` would fsync on every SET of every notification and make
      // the benchmarks measure the disk instead of the services.
      builder
          .setting("dir \"" + dataDir + "\"")
          .setting("appendonly yes")
          .setting("appendfsync everysec");
    }
    server = builder.build();
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
    return url(port);
  }

  public static String url(int port) {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public String endpoint() {
    return dataDir == null ? url() : url() + " (append-only file in " + dataDir + ")";
  }

  /** How many keys the server holds ({@code DBSIZE}); for checks and reports, not for services. */
  public long keyCount() throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(2_000);
      OutputStream out = s.getOutputStream();
      out.write("*1\r\n$6\r\nDBSIZE\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String reply =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      if (reply == null || !reply.startsWith(":")) {
        throw new IOException("unexpected reply to DBSIZE: " + reply);
      }
      return Long.parseLong(reply.substring(1));
    }
  }
}
