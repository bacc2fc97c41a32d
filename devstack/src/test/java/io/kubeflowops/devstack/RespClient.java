package io.kubeflowops.devstack;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Just enough of the Redis protocol (RESP2) for tests: one command, one scalar reply. */
final class RespClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RespClient(int port) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(5_000);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** Simple strings and integers as text, bulk strings as text or null; errors throw. */
  String call(String... args) throws IOException {
    StringBuilder cmd = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      cmd.append('$')
          .append(a.getBytes(StandardCharsets.UTF_8).length)
          .append("\r\n")
          .append(a)
          .append("\r\n");
    }
    out.write(cmd.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
    String line = line();
    return switch (line.charAt(0)) {
      case '+', ':' -> line.substring(1);
      case '$' -> {
        int n = Integer.parseInt(line.substring(1));
        if (n < 0) {
          yield null;
        }
        String value = new String(in.readNBytes(n), StandardCharsets.UTF_8);
        line();
        yield value;
      }
      default -> throw new IOException("redis answered " + line);
    };
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      b.write(c);
    }
    in.read();
    return b.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
