package io.kubeflowops.devstack;

import java.io.IOException;

/** A local server the stack can start, stop and start again on the same port (for fault tests). */
public interface Server extends AutoCloseable {
  String name();

  void start() throws IOException;

  void stop() throws IOException;

  int port();

  /** What a person or a service needs to reach it. */
  String endpoint();

  @Override
  default void close() throws IOException {
    stop();
  }
}
