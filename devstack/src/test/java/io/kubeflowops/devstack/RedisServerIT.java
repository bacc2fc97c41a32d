package io.kubeflowops.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack's redis-server keeps its keys across a restart on the same port and data directory:
 * notification-service's de-dup keys (with their expiry) and its notification records.
 */
class RedisServerIT {
  @TempDir Path work;

  private RedisServer redis;

  @AfterEach
  void stop() throws Exception {
    if (redis != null) {
      redis.stop();
    }
  }

  @Test
  void keysSurviveARestartOnTheSamePort() throws Exception {
    redis = Stack.onFreePorts(work, 30).redis;
    redis.start();
    try (RespClient c = new RespClient(redis.port())) {
      assertEquals("OK", c.call("SET", "notif:evt-1", "1", "NX", "EX", "3600"));
      assertEquals("OK", c.call("SET", "notification:order-1", "{\"orderId\":\"order-1\"}"));
    }
    assertEquals(2, redis.keyCount());

    redis.stop();
    redis.start();

    assertEquals(2, redis.keyCount());
    try (RespClient c = new RespClient(redis.port())) {
      assertEquals("1", c.call("GET", "notif:evt-1"));
      assertEquals("{\"orderId\":\"order-1\"}", c.call("GET", "notification:order-1"));
      long ttl = Long.parseLong(c.call("TTL", "notif:evt-1"));
      assertTrue(ttl > 3500 && ttl <= 3600, "the de-dup key keeps its expiry, TTL " + ttl);
      assertEquals(
          null, c.call("SET", "notif:evt-1", "1", "NX", "EX", "3600"), "still a duplicate");
    }
  }
}
