package io.kubeflowops.notification.notification;

import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;

/**
 * Redis, the fast path of delivery: a short <em>claim</em> on an event ({@code
 * notif-claim:{eventId}}, SET NX PX, released by its owner) so only one consumer works on it at a
 * time, and the long-lived <em>done marker</em> ({@code notif:{eventId}}, written after the durable
 * record) that lets a redelivery be dropped without asking PostgreSQL. Losing a key costs at most a
 * database lookup, never a notification: PostgreSQL holds the record.
 *
 * <p>A delivery costs two round trips: {@link #claim} looks for the done marker and takes the claim
 * in one script, {@link #finish} writes the done marker and gives the claim up in another. Redis
 * runs a script as one command, so a crash cannot split either pair.
 */
@ApplicationScoped
public class DeliveryMarkers {
  /** What {@link #claim} found. */
  public enum Claim {
    /** This consumer holds the claim now: deliver. */
    CLAIMED,
    /** Another consumer holds the claim: look again later. */
    BUSY,
    /** The done marker is there: the event was handled before. */
    DONE
  }

  /**
   * KEYS[1] = the done marker, KEYS[2] = the claim; ARGV[1] = the owner, ARGV[2] = the claim's
   * lease in ms. Returns 2 if the event is done, 1 if the claim was taken, 0 if someone else holds
   * it.
   */
  static final String CLAIM =
      """
      if redis.call('EXISTS', KEYS[1]) == 1 then
        return 2
      end
      if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
        return 1
      end
      return 0
      """;

  /**
   * KEYS[1] = the done marker, KEYS[2] = the claim; ARGV[1] = the notification id, ARGV[2] = the
   * marker's lifetime in ms, ARGV[3] = the owner. Writes the marker, then deletes the claim only if
   * that owner still holds it.
   */
  static final String FINISH =
      """
      redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
      if redis.call('GET', KEYS[2]) == ARGV[3] then
        redis.call('DEL', KEYS[2])
      end
      return 1
      """;

  /** KEYS[1] = the claim; ARGV[1] = its owner. Deletes the claim only if that owner holds it. */
  static final String RELEASE =
      """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        return redis.call('DEL', KEYS[1])
      end
      return 0
      """;

  private final RedisDataSource redis;
  private final Duration ttl;
  private final Duration claim;

  DeliveryMarkers(RedisDataSource redis, NotificationConfig config) {
    this.redis = redis;
    this.ttl = config.ttl();
    this.claim = config.claim();
  }

  /**
   * Unless the event is done already, claims it for {@code notifications.claim} (longer than a send
   * may take). A claim left by a crashed consumer expires on its own.
   */
  public Claim claim(UUID eventId, String owner) {
    var reply =
        redis.execute(
            "EVAL",
            CLAIM,
            "2",
            doneKey(eventId),
            claimKey(eventId),
            owner,
            Long.toString(claim.toMillis()));
    return switch (reply.toInteger()) {
      case 2 -> Claim.DONE;
      case 1 -> Claim.CLAIMED;
      default -> Claim.BUSY;
    };
  }

  /**
   * Marks the event handled for {@code notifications.ttl} and gives the claim up, if this owner
   * still holds it.
   */
  public void finish(UUID eventId, String owner, UUID notificationId) {
    redis.execute(
        "EVAL",
        FINISH,
        "2",
        doneKey(eventId),
        claimKey(eventId),
        notificationId.toString(),
        Long.toString(ttl.toMillis()),
        owner);
  }

  /** Gives the claim up without marking the event done, if this owner still holds it. */
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
