package io.kubeflowops.order.system;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body whose declared length is over the limit with a 413 problem before it is read. (The
 * server's own limit also stops chunked bodies, but answers those without a problem body.)
 */
@Singleton
class BodyLimit {
  private final long maxBytes;

  BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize max) {
    this.maxBytes = max.asLongValue();
  }

  void install(@Observes Router router) {
    router
        .route()
        .order(Integer.MIN_VALUE)
        .handler(
            ctx -> {
              String length = ctx.request().getHeader("Content-Length");
              if (length != null
                  && length.chars().allMatch(Character::isDigit)
                  && tooLong(length)) {
                Problem p =
                    new Problem(
                        Problem.type("body-too-large"),
                        "Request body too large",
                        413,
                        "the body may be at most " + maxBytes + " bytes",
                        ctx.request().path(),
                        null);
                ctx.response()
                    .setStatusCode(413)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("Connection", "close")
                    .end(Json.encode(p));
              } else {
                ctx.next();
              }
            });
  }

  private boolean tooLong(String length) {
    return length.length() > 18 || Long.parseLong(length) > maxBytes;
  }
}
