package io.kubeflowops.notification.consumer;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeflowops.notification.testing.CapturedLogs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The guarantees of a poll loop, with the queue and Redis replaced by functions: shutdown cuts only
 * a wait short, a batch in hand is finished, no receive while Redis is down, no exception ends it.
 */
class PollLoopTest {
  private static final Duration OUTAGE_WAIT = Duration.ofMillis(20);
  private final List<Thread> threads = new ArrayList<>();

  @AfterEach
  void stopStragglers() {
    threads.forEach(Thread::interrupt);
  }

  @Test
  void stoppingCutsAWaitingReceiveShort() throws InterruptedException {
    CountDownLatch polling = new CountDownLatch(1);
    PollLoop loop =
        loop(
            () -> true,
            () -> {
              polling.countDown();
              return longPoll(Duration.ofMinutes(1));
            },
            batch -> {});
    Thread t = start(loop);
    assertTrue(polling.await(5, TimeUnit.SECONDS));

    long begin = System.nanoTime();
    loop.stop();

    assertTrue(t.join(Duration.ofSeconds(5)), "the loop ended");
    assertThat(Duration.ofNanos(System.nanoTime() - begin), lessThan(Duration.ofSeconds(2)));
  }

  @Test
  void stoppingLetsTheBatchInHandFinishUninterrupted() throws InterruptedException {
    CountDownLatch handling = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger receives = new AtomicInteger();
    List<String> handled = new CopyOnWriteArrayList<>();
    AtomicBoolean interrupted = new AtomicBoolean();
    PollLoop loop =
        loop(
            () -> true,
            () ->
                receives.incrementAndGet() == 1
                    ? messages("a", "b", "c")
                    : longPoll(Duration.ofMinutes(1)),
            batch -> {
              handling.countDown();
              awaitUninterruptibly(release);
              interrupted.set(Thread.currentThread().isInterrupted());
              batch.forEach(m -> handled.add(m.messageId()));
            });
    Thread t = start(loop);
    assertTrue(handling.await(5, TimeUnit.SECONDS));

    loop.stop();
    assertFalse(t.join(Duration.ofMillis(300)), "still handling its batch");
    release.countDown();

    assertTrue(t.join(Duration.ofSeconds(5)), "the loop ended after its batch");
    assertEquals(List.of("a", "b", "c"), handled);
    assertFalse(interrupted.get(), "the batch was not interrupted");
    assertEquals(1, receives.get(), "no receive after the stop");
  }

  @Test
  void noReceiveWhileRedisIsDownAndTheOutageIsLoggedOnceForAllLoops() throws InterruptedException {
    AtomicBoolean redisUp = new AtomicBoolean(false);
    AtomicInteger receives = new AtomicInteger();
    OutageLog outage = new OutageLog(OUTAGE_WAIT);
    Supplier<List<Message>> receive =
        () -> {
          receives.incrementAndGet();
          return longPoll(Duration.ofMillis(10));
        };
    try (CapturedLogs logs = new CapturedLogs(OutageLog.class)) {
      PollLoop first = new PollLoop(redisUp::get, receive, batch -> {}, outage, OUTAGE_WAIT);
      PollLoop second = new PollLoop(redisUp::get, receive, batch -> {}, outage, OUTAGE_WAIT);
      start(first);
      start(second);

      Thread.sleep(20 * OUTAGE_WAIT.toMillis()); // many rounds of both loops
      assertEquals(0, receives.get());
      assertEquals(1, logs.count("Redis is unreachable; not receiving"), logs.lines().toString());

      redisUp.set(true);
      await().atMost(Duration.ofSeconds(5)).until(() -> receives.get() > 2);
      assertEquals(
          1, logs.count("consuming again after: Redis is unreachable"), logs.lines().toString());
      first.stop();
      second.stop();
    }
  }

  @Test
  void noExceptionEndsTheLoop() throws InterruptedException {
    AtomicInteger receives = new AtomicInteger();
    List<String> handled = new CopyOnWriteArrayList<>();
    PollLoop loop =
        loop(
            () -> true,
            () ->
                switch (receives.incrementAndGet()) {
                  case 1 -> throw SdkClientException.create("connection reset");
                  case 2 -> messages("boom");
                  case 3 -> messages("fine");
                  default -> longPoll(Duration.ofMillis(10));
                },
            batch -> {
              if (batch.getFirst().messageId().equals("boom")) {
                throw new IllegalStateException("a bug while handling");
              }
              batch.forEach(m -> handled.add(m.messageId()));
            });
    Thread t = start(loop);

    await().atMost(Duration.ofSeconds(5)).until(() -> handled.contains("fine"));
    assertTrue(t.isAlive());
    loop.stop();
    assertTrue(t.join(Duration.ofSeconds(5)));
  }

  private static PollLoop loop(
      java.util.function.BooleanSupplier redisUp,
      Supplier<List<Message>> receive,
      Consumer<List<Message>> handle) {
    return new PollLoop(redisUp, receive, handle, new OutageLog(OUTAGE_WAIT), OUTAGE_WAIT);
  }

  private Thread start(PollLoop loop) {
    Thread t = Thread.ofVirtual().name("poll-loop-test-", threads.size()).start(loop);
    threads.add(t);
    return t;
  }

  /** Blocks like a long poll; an interrupt aborts it the way the SDK aborts a call. */
  private static List<Message> longPoll(Duration wait) {
    try {
      Thread.sleep(wait);
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AbortedException.create("receive interrupted");
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<Message> messages(String... ids) {
    return java.util.Arrays.stream(ids)
        .map(id -> Message.builder().messageId(id).receiptHandle("receipt-" + id).build())
        .toList();
  }
}
