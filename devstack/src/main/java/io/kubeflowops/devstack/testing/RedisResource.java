package io.kubeflowops.devstack.testing;

import io.kubeflowops.devstack.Ports;
import io.kubeflowops.devstack.RedisServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** A real redis-server for a {@code @QuarkusTest}, on a free port. */
public final class RedisResource implements QuarkusTestResourceLifecycleManager {
  private RedisServer redis;

  @Override
  public Map<String, String> start() {
    redis = new RedisServer(Ports.free());
    try {
      redis.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.of("quarkus.redis.hosts", redis.url());
  }

  @Override
  public void stop() {
    try {
      redis.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
