package io.kubeflowops.notification.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.list.ListCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Notifications in Redis. De-duplication and recording are one atomic step (a Lua script), so a
 * crash between them cannot leave an event marked as seen without its notification, or recorded
 * twice.
 */
@ApplicationScoped
public class NotificationStore {
  /**
   * KEYS[1] = notif:{eventId}, KEYS[2] = notifications:order:{orderId}; ARGV[1] = notificationId,
   * ARGV[2] = ttl in seconds, ARGV[3] = the notification as JSON. Returns 1 when the event is new,
   * 0 for a duplicate.
   */
  static final String RECORD_ONCE =
      """
      if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then
        redis.call('RPUSH', KEYS[2], ARGV[3])
        redis.call('EXPIRE', KEYS[2], ARGV[2])
        return 1
      end
      return 0
      """;

  private final RedisDataSource redis;
  private final ListCommands<String, String> lists;
  private final ObjectMapper json;
  private final String ttlSeconds;

  NotificationStore(RedisDataSource redis, ObjectMapper json, NotificationConfig config) {
    this.redis = redis;
    this.lists = redis.list(String.class);
    this.json = json;
    this.ttlSeconds = Long.toString(Math.max(1, config.ttl().toSeconds()));
  }

  /**
   * Records the notification unless its event was seen before; true if it is new (and so must be
   * sent).
   */
  public boolean recordOnce(Notification n) {
    String body = write(n);
    var result =
        redis.execute(
            "EVAL",
            RECORD_ONCE,
            "2",
            dedupKey(n.eventId()),
            orderKey(n.orderId()),
            n.notificationId().toString(),
            ttlSeconds,
            body);
    return result.toInteger() == 1;
  }

  /** The notifications recorded for an order, oldest first. */
  List<Notification> forOrder(UUID orderId) {
    List<Notification> out = new ArrayList<>();
    for (String item : lists.lrange(orderKey(orderId), 0, -1)) {
      out.add(read(item));
    }
    return out;
  }

  /** True if Redis answers a PING within the client timeout. */
  public boolean reachable() {
    try {
      redis.execute("PING");
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  static String dedupKey(UUID eventId) {
    return "notif:" + eventId;
  }

  static String orderKey(UUID orderId) {
    return "notifications:order:" + orderId;
  }

  private String write(Notification n) {
    try {
      return json.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Notification read(String item) {
    try {
      return json.readValue(item, Notification.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
