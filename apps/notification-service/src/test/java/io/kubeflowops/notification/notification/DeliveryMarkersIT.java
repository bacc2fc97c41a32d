package io.kubeflowops.notification.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeflowops.devstack.testing.MailpitResource;
import io.kubeflowops.devstack.testing.OidcResource;
import io.kubeflowops.devstack.testing.PostgresResource;
import io.kubeflowops.devstack.testing.RedisResource;
import io.kubeflowops.devstack.testing.SqsResource;
import io.kubeflowops.notification.notification.DeliveryMarkers.Claim;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The two scripts a delivery costs, on a real redis-server: the claim sees the done marker and
 * takes the lease in one step, the finish writes the marker and gives up only its own lease.
 */
@QuarkusTest
@WithTestResource(OidcResource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(MailpitResource.class)
@WithTestResource(SqsResource.class)
class DeliveryMarkersIT {
  @Inject DeliveryMarkers markers;
  @Inject RedisDataSource redis;

  @Test
  void theFirstClaimWinsAndExpiresOnItsOwn() {
    UUID event = UUID.randomUUID();

    assertEquals(Claim.CLAIMED, markers.claim(event, "a"));
    assertEquals(Claim.BUSY, markers.claim(event, "b"));
    assertEquals("a", value(DeliveryMarkers.claimKey(event)));
    long lease = pttl(DeliveryMarkers.claimKey(event));
    assertTrue(
        lease > 0 && lease <= markers.claimDuration().toMillis(), "claim lease " + lease + " ms");
  }

  @Test
  void finishMarksDoneAndReleasesTheOwnersClaim() {
    UUID event = UUID.randomUUID();
    UUID notification = UUID.randomUUID();
    markers.claim(event, "a");

    markers.finish(event, "a", notification);

    assertEquals(notification.toString(), value(DeliveryMarkers.doneKey(event)));
    assertTrue(pttl(DeliveryMarkers.doneKey(event)) > 0, "the done marker has an expiry");
    assertEquals(0, exists(DeliveryMarkers.claimKey(event)));
    assertEquals(Claim.DONE, markers.claim(event, "b"));
    assertEquals(0, exists(DeliveryMarkers.claimKey(event)), "a done event is not claimed");
  }

  @Test
  void finishAndReleaseLeaveAnotherOwnersClaim() {
    UUID event = UUID.randomUUID();
    markers.claim(event, "b");

    markers.release(event, "a");
    assertEquals("b", value(DeliveryMarkers.claimKey(event)));

    markers.finish(event, "a", UUID.randomUUID());
    assertEquals("b", value(DeliveryMarkers.claimKey(event)));
    assertEquals(1, exists(DeliveryMarkers.doneKey(event)));
  }

  private String value(String key) {
    return redis.value(String.class).get(key);
  }

  private long pttl(String key) {
    return redis.key(String.class).pttl(key);
  }

  private int exists(String key) {
    return redis.key(String.class).exists(key) ? 1 : 0;
  }
}
