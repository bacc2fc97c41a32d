package io.kubeflowops.notification.notification;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;

/**
 * Redis, the fast path of delivery: a short <em>claim</em> on an event ({@code
 * notif-claim:{eventId}}, SET NX PX, released by its owner) so only one consumer works on it at a
 * time, and the long-lived <em>done marker</em> ({@code notif:{eventId}}, written after the durable
 * record) that lets a redelivery be dropped without asking PostgreSQL. Losing a key costs at most a
 * database lookup, never a notification: PostgreSQL holds the record.
 */
@ApplicationScoped
public class DeliveryMarkers {
  /** KEYS[1] = the claim; ARGV[1] = its owner. Deletes the claim only if that owner holds it. */
  static final String RELEASE =
      """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        return redis.call('DEL', KEYS[1])
      end
      return 0
      """;

  private final RedisDataSource redis;
  private final ValueCommands<String, String> values;
  private final KeyCommands<String> keys;
  private final Duration ttl;
  private final Duration claim;

  DeliveryMarkers(RedisDataSource redis, NotificationConfig config) {
    this.redis = redis;
    this.values = redis.value(String.class);
    this.keys = redis.key(String.class);
    this.ttl = config.ttl();
    this.claim = config.claim();
  }

  /** True if the event was handled before (its done marker is there). */
  public boolean done(UUID eventId) {
    return keys.exists(doneKey(eventId));
  }

  /** Marks the event handled for {@code notifications.ttl}. */
  public void markDone(UUID eventId, UUID notificationId) {
    values.set(doneKey(eventId), notificationId.toString(), new SetArgs().px(ttl));
  }

  /**
   * Claims the event for {@code notifications.claim} (longer than a send may take); false if
   * another consumer holds the claim. A claim left by a crashed consumer expires on its own.
   */
  public boolean claim(UUID eventId, String owner) {
    // One command, so a crash cannot leave a claim without its expiry.
    var reply =
        redis.execute("SET", claimKey(eventId), owner, "NX", "PX", Long.toString(claim.toMillis()));
    return reply != null && "OK".equals(reply.toString());
  }

  /** Gives the claim up, if this owner still holds it. */
  public void release(UUID eventId, String owner) {
    redis.execute("EVAL", RELEASE, "1", claimKey(eventId), owner);
  }

  /** How long a claim lasts. */
  public Duration claimDuration() {
    return claim;
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

  static String doneKey(UUID eventId) {
    return "notif:" + eventId;
  }

  static String claimKey(UUID eventId) {
    return "notif-claim:" + eventId;
  }
}
