package io.kubeflowops.bench.load;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A constant-arrival-rate (open-loop) load: request {@code i} is due at {@code start + i / rate},
 * whatever happened to the requests before it, and its latency is measured from that due time, not
 * from when it was actually sent. A slow server therefore shows up as latency instead of quietly
 * lowering the offered rate (no coordinated omission).
 *
 * <p>{@link #tick()} returns what completed since the previous tick; callers tick once a second.
 */
public final class OpenLoop implements AutoCloseable {
  /** What a load sends: one request per sequence number, and the status that counts as success. */
  public interface Target {
    HttpRequest.Builder request(long seq);

    int expectedStatus();

    /** Called on the HTTP client's threads for each successful response. */
    default void onSuccess(long seq, HttpResponse<String> response) {}
  }

  /** Completions in one interval: latency of the successes (µs) and errors by kind. */
  public record Window(long endNanos, Histogram latency, long ok, Map<String, Long> errors) {
    public long errorCount() {
      return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    public double percentileMs(double p) {
      return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(p) / 1000.0;
    }
  }

  private static final long MAX_LATENCY_MICROS = Duration.ofMinutes(2).toNanos() / 1000;

  private final HttpClient http;
  private final Target target;
  private final double rate;
  private final Duration timeout;
  private final int maxInFlight;
  private final long limit;
  private final Recorder recorder = new Recorder(MAX_LATENCY_MICROS, 3);
  private final AtomicReference<Counters> counters = new AtomicReference<>(new Counters());
  private final AtomicInteger inFlight = new AtomicInteger();
  private final LongAdder sent = new LongAdder();
  private volatile boolean running;
  private Thread sender;

  /** {@code limit}: requests to send at most (rate × duration for a fixed step). */
  public OpenLoop(
      HttpClient http, Target target, double rate, Duration timeout, int maxInFlight, long limit) {
    this.http = http;
    this.limit = limit;
    this.target = target;
    this.rate = rate;
    this.timeout = timeout;
    this.maxInFlight = maxInFlight;
  }

  /** The client a load sends with: HTTP/1.1 with pooled keep-alive connections, 2 s to connect. */
  public static HttpClient newClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .build();
  }

  public void start() {
    running = true;
    sender = Thread.ofPlatform().name("open-loop-sender").daemon().start(this::sendLoop);
  }

  private void sendLoop() {
    long start = System.nanoTime();
    for (long i = 0; running && i < limit; i++) {
      long due = start + (long) (i * 1e9 / rate);
      long wait;
      while (running && (wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      if (running) {
        fire(i, due);
      }
    }
  }

  private void fire(long seq, long due) {
    if (inFlight.get() >= maxInFlight) {
      counters.get().error("client: over " + maxInFlight + " in flight");
      return;
    }
    HttpRequest request;
    try {
      request = target.request(seq).timeout(timeout).build();
    } catch (RuntimeException e) {
      counters.get().error("client: " + e.getClass().getSimpleName());
      return;
    }
    inFlight.incrementAndGet();
    sent.increment();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (response, failure) -> {
              long latencyMicros = (System.nanoTime() - due) / 1000;
              Counters c = counters.get();
              if (failure != null) {
                c.error(kind(failure));
              } else if (response.statusCode() == target.expectedStatus()) {
                recorder.recordValue(Math.min(latencyMicros, MAX_LATENCY_MICROS));
                c.ok.increment();
                target.onSuccess(seq, response);
              } else {
                c.error(httpError(response));
              }
              inFlight.decrementAndGet();
            });
  }

  private static final java.util.regex.Pattern PROBLEM_TYPE =
      java.util.regex.Pattern.compile("\"type\"\\s*:\\s*\"urn:kubeflow-ops:problem:([a-z0-9-]+)\"");

  /** "HTTP 503", with the problem type of a problem+json body: "HTTP 503 database-unavailable". */
  static String httpError(HttpResponse<String> response) {
    java.util.regex.Matcher m =
        PROBLEM_TYPE.matcher(response.body() == null ? "" : response.body());
    return "HTTP " + response.statusCode() + (m.find() ? " " + m.group(1) : "");
  }

  static String kind(Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (cause instanceof HttpTimeoutException) {
      return "timeout";
    }
    if (cause instanceof ConnectException) {
      return "connection refused";
    }
    if (cause instanceof IOException) {
      return "io: " + cause.getClass().getSimpleName();
    }
    return cause.getClass().getSimpleName();
  }

  /** What completed since the last tick. */
  public Window tick() {
    Counters done = counters.getAndSet(new Counters());
    Histogram h = recorder.getIntervalHistogram();
    Map<String, Long> errors = new TreeMap<>();
    done.errors.forEach((k, v) -> errors.put(k, v.sum()));
    return new Window(System.nanoTime(), h, done.ok.sum(), errors);
  }

  public long sent() {
    return sent.sum();
  }

  public int inFlight() {
    return inFlight.get();
  }

  /** Stops sending and waits for the requests in flight to finish (or time out). */
  public void stop() throws InterruptedException {
    running = false;
    if (sender != null) {
      sender.join();
    }
    long deadline = System.nanoTime() + timeout.plusSeconds(2).toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  private static final class Counters {
    final LongAdder ok = new LongAdder();
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    void error(String kind) {
      errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }
  }
}
