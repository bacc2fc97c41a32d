package io.kubeflowops.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * PostgreSQL, Redis, SQS (ElasticMQ), an OpenID Connect issuer and a mail server with a web inbox
 * (Mailpit) as real local servers, and the environment the services need to reach them. PostgreSQL
 * and Redis keep their data in their own folder of the working directory ({@code postgres/}, {@code
 * redis/}), so stopping one and starting it again loses nothing, as with the managed services on
 * AWS; ElasticMQ keeps its queues in memory, Mailpit its mail in a temporary database it deletes at
 * the stop.
 */
public final class Stack implements AutoCloseable {
  public final PostgresServer postgres;
  public final RedisServer redis;
  public final SqsServer sqs;
  public final OidcServer oidc;
  public final MailpitServer mailpit;

  public Stack(
      int postgresPort,
      int redisPort,
      int sqsPort,
      int oidcPort,
      int smtpPort,
      int inboxPort,
      Path workDir,
      int visibilityTimeoutSeconds) {
    this.postgres = new PostgresServer(postgresPort, workDir.resolve("postgres"));
    this.redis = new RedisServer(redisPort, workDir.resolve("redis"));
    this.sqs = new SqsServer(sqsPort, visibilityTimeoutSeconds);
    this.oidc = new OidcServer(oidcPort, workDir.resolve("logs/oidc.log"));
    this.mailpit = new MailpitServer(smtpPort, inboxPort, workDir.resolve("logs/mailpit.log"));
  }

  /** A stack on free ports: tests use it so they never collide with a running `make run`. */
  public static Stack onFreePorts(Path workDir, int visibilityTimeoutSeconds) {
    int[] ports = Ports.free(6);
    return new Stack(
        ports[0],
        ports[1],
        ports[2],
        ports[3],
        ports[4],
        ports[5],
        workDir,
        visibilityTimeoutSeconds);
  }

  public List<Server> servers() {
    return List.of(postgres, redis, sqs, oidc, mailpit);
  }

  /** The web inbox where the mail the services send can be read (REST API under /api/v1). */
  public String inboxUrl() {
    return mailpit.inboxUrl();
  }

  public void start(Consumer<String> progress) throws IOException {
    for (Server s : servers()) {
      if (Ports.inUse(s.port())) {
        throw new IOException(
            "port "
                + s.port()
                + " for "
                + s.name()
                + " is already in use; stop what holds it or pick another port");
      }
      long t0 = System.nanoTime();
      s.start();
      progress.accept(
          String.format(
              "%-9s up in %5d ms  %s",
              s.name(), (System.nanoTime() - t0) / 1_000_000, s.endpoint()));
    }
  }

  /** The environment variables (DESIGN §6 names) that point a service at this stack. */
  public Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DB_URL", postgres.jdbcUrl());
    env.put("DB_USER", PostgresServer.USER);
    env.put("DB_PASSWORD", PostgresServer.PASSWORD);
    env.put("REDIS_URL", redis.url());
    env.put("SQS_ENDPOINT", sqs.endpointUrl());
    env.put("SQS_QUEUE_URL", sqs.queueUrl());
    env.put("AWS_REGION", SqsServer.REGION);
    env.put("OIDC_ISSUER", oidc.issuerUrl());
    env.put("SMTP_HOST", "127.0.0.1");
    env.put("SMTP_PORT", Integer.toString(mailpit.port()));
    return env;
  }

  /**
   * The same environment, but each server reached through a Toxiproxy proxy named after it ({@code
   * postgres}, {@code redis}, {@code sqs}, {@code smtp}), created here: a fault on a proxy is then
   * a fault on the network between the services and that server. Checks that must see through a
   * fault keep talking to the servers directly.
   */
  public Map<String, String> envThrough(ToxiproxyServer toxiproxy) throws IOException {
    int pg = ToxiproxyServer.listenPort(toxiproxy.proxy("postgres", postgres.port()));
    int rd = ToxiproxyServer.listenPort(toxiproxy.proxy("redis", redis.port()));
    int mq = ToxiproxyServer.listenPort(toxiproxy.proxy("sqs", sqs.port()));
    int mail = ToxiproxyServer.listenPort(toxiproxy.proxy("smtp", mailpit.port()));
    Map<String, String> env = env();
    env.put("DB_URL", PostgresServer.jdbcUrl(pg));
    env.put("REDIS_URL", RedisServer.url(rd));
    env.put("SQS_ENDPOINT", SqsServer.endpointUrl(mq));
    env.put("SQS_QUEUE_URL", SqsServer.queueUrl(mq));
    env.put("SMTP_PORT", Integer.toString(mail));
    return env;
  }

  @Override
  public void close() {
    close(line -> {});
  }

  public void close(Consumer<String> progress) {
    for (Server s : servers().reversed()) {
      long t0 = System.nanoTime();
      try {
        s.stop();
        progress.accept(
            String.format(
                "%-21s stopped in %5d ms", s.name(), (System.nanoTime() - t0) / 1_000_000));
      } catch (Exception e) {
        System.getLogger("devstack")
            .log(System.Logger.Level.WARNING, "stopping " + s.name() + " failed", e);
      }
    }
  }
}
