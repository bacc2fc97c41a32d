package io.kubeflowops.order.order;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubeflowops.order.outbox.Outbox;
import io.kubeflowops.order.outbox.OutboxEvent;
import io.kubeflowops.order.outbox.OutboxRelay;
import io.kubeflowops.order.outbox.TraceContext;
import io.kubeflowops.order.system.Caller;
import io.kubeflowops.order.user.UserContact;
import io.kubeflowops.order.user.UserDirectory;
import io.kubeflowops.order.user.UserServiceUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Creating orders (user check, order + event in one transaction, idempotency) and moving them
 * through their life.
 */
@ApplicationScoped
class OrderService {
  /**
   * The result of a create: the order, and whether it is the stored answer to an earlier identical
   * request.
   */
  record Created(Order order, boolean replayed) {}

  /**
   * Thrown inside the transaction when a concurrent request claimed the same Idempotency-Key first.
   */
  private static final class KeyTaken extends RuntimeException {
    KeyTaken() {
      super(null, null, false, false);
    }
  }

  private static final Logger LOG = Logger.getLogger(OrderService.class);

  private final OrderRepository orders;
  private final IdempotencyKeys keys;
  private final UserDirectory users;
  private final Outbox outbox;
  private final OutboxRelay relay;
  private final ObjectMapper json;
  private final Counter created;
  private final Clock clock = Clock.systemUTC();

  OrderService(
      OrderRepository orders,
      IdempotencyKeys keys,
      UserDirectory users,
      Outbox outbox,
      OutboxRelay relay,
      ObjectMapper json,
      MeterRegistry registry) {
    this.orders = orders;
    this.keys = keys;
    this.users = users;
    this.outbox = outbox;
    this.relay = relay;
    this.json = json;
    this.created =
        Counter.builder("orders.created")
            .description("Orders accepted (committed with their event)")
            .register(registry);
  }

  Created create(CreateOrder cmd, Optional<IdempotencyKey> idempotencyKey) throws SQLException {
    String hash = hash(cmd);
    if (idempotencyKey.isPresent()) {
      Optional<Created> earlier = replay(idempotencyKey.get(), hash);
      if (earlier.isPresent()) {
        return earlier.get();
      }
    }
    UserContact user = checkUser(cmd.userId());
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Order order =
        new Order(
            UUID.randomUUID(),
            cmd.userId(),
            OrderStatus.CREATED,
            cmd.currency(),
            cmd.total(),
            cmd.items(),
            now,
            now);
    OutboxEvent event = eventFor(order, user);
    try {
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                try {
                  orders.insert(order);
                  outbox.add(event);
                  if (idempotencyKey.isPresent()
                      && !keys.claim(idempotencyKey.get(), hash, order.id(), now)) {
                    throw new KeyTaken();
                  }
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
    } catch (KeyTaken e) {
      return replay(idempotencyKey.orElseThrow(), hash).orElseThrow();
    }
    created.increment();
    relay.wakeUp();
    LOG.infof(
        "order %s created (%d items), event %s queued",
        order.id(), order.items().size(), event.id());
    return new Created(order, false);
  }

  private Optional<Created> replay(IdempotencyKey key, String hash) throws SQLException {
    Optional<IdempotencyKeys.Entry> entry = keys.find(key);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    if (!entry.get().requestHash().equals(hash)) {
      throw OrderProblems.idempotencyKeyReused();
    }
    return orders.find(entry.get().orderId(), false).map(o -> new Created(o, true));
  }

  private UserContact checkUser(UUID userId) {
    Optional<UserContact> user;
    try {
      user = users.find(userId);
    } catch (CircuitBreakerOpenException e) {
      throw OrderProblems.userServiceUnavailable(10);
    } catch (UserServiceUnavailableException | TimeoutException e) {
      throw OrderProblems.userServiceUnavailable(2);
    }
    return user.orElseThrow(() -> OrderProblems.unknownUser(userId));
  }

  /** The order, if the caller may see it: someone else's order is as unknown as a missing one. */
  Order get(UUID id, Caller caller) throws SQLException {
    return orders
        .find(id, false)
        .filter(o -> caller.privileged() || caller.is(o.userId()))
        .orElseThrow(() -> OrderProblems.notFound(id));
  }

  Order changeStatus(UUID id, OrderStatus next, Caller caller) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              Order current =
                  orders
                      .find(id, true)
                      .filter(o -> caller.privileged() || caller.is(o.userId()))
                      .orElseThrow(() -> OrderProblems.notFound(id));
              if (next.needsPrivilege() && !caller.privileged()) {
                throw OrderProblems.statusNeedsPrivilege(next);
              }
              if (!current.status().canTransitionTo(next)) {
                throw OrderProblems.illegalTransition(current.status(), next);
              }
              Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
              orders.updateStatus(id, next, now);
              return current.withStatus(next, now);
            });
  }

  private OutboxEvent eventFor(Order order, UserContact user) {
    OrderCreatedEvent event = OrderCreatedEvent.of(order, user.email());
    try {
      return new OutboxEvent(
          event.eventId(),
          order.id(),
          OrderCreatedEvent.TYPE,
          json.writeValueAsString(event),
          TraceContext.currentTraceparent(),
          order.createdAt());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("order.created did not serialize", e);
    }
  }

  private String hash(CreateOrder cmd) {
    try {
      byte[] body = json.writeValueAsString(cmd).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
