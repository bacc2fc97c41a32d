package io.kubeflowops.devstack;

import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.OneForOneStrategy;
import org.apache.pekko.actor.Props;
import org.apache.pekko.actor.SupervisorStrategy;
import org.apache.pekko.japi.pf.DeciderBuilder;
import org.elasticmq.actor.queue.OperationStatus;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import scala.Option;
import scala.collection.immutable.List$;

/**
 * ElasticMQ's SQL message storage (its {@link SqlQueuePersistenceActor}, as a child) with two
 * repairs that make it as durable as the queues it stores:
 *
 * <ul>
 *   <li>A long-poll receive that moves a message to the dead-letter queue and then waits drops the
 *       "removed from the source queue" event (ElasticMQ 1.7.1 only sends a receive's events when
 *       it returns messages). The message would then come back in its source queue at the next
 *       start, and moving it again would break the storage. A message added to a queue with a
 *       dead-letter source is therefore first removed from that source.
 *   <li>An SQL error makes the default supervisor restart the storage, which forgets its queues and
 *       stores nothing from then on. It is resumed instead (the error is logged by ElasticMQ).
 * </ul>
 */
final class QueueStore extends AbstractActor {
  private final ActorRef sql;

  private QueueStore(SqlQueuePersistenceConfig storage) {
    sql =
        getContext()
            .actorOf(
                Props.create(
                    SqlQueuePersistenceActor.class,
                    () -> new SqlQueuePersistenceActor(storage, List$.MODULE$.empty())),
                "sql");
  }

  static Props props(SqlQueuePersistenceConfig storage) {
    return Props.create(QueueStore.class, () -> new QueueStore(storage));
  }

  @Override
  public SupervisorStrategy supervisorStrategy() {
    return new OneForOneStrategy(DeciderBuilder.matchAny(e -> SupervisorStrategy.resume()).build());
  }

  @Override
  public Receive createReceive() {
    return receiveBuilder()
        .match(QueueEvent.MessageAdded.class, this::added)
        // The storage's answers to the removals sent below; everything else is answered to its
        // sender directly.
        .match(OperationStatus.class, ignored -> {})
        .matchAny(m -> sql.forward(m, getContext()))
        .build();
  }

  private void added(QueueEvent.MessageAdded event) {
    Option<String> source = event.message().deadLetterSourceQueueName();
    if (source.isDefined()) {
      // Same sender, same receiver: the storage handles the removal before the addition.
      sql.tell(new QueueEvent.MessageRemoved(source.get(), event.message().id()), getSelf());
    }
    sql.forward(event, getContext());
  }
}
