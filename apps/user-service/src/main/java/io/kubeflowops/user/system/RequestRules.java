package io.kubeflowops.user.system;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Two rules of the HTTP contract that run before the resources:
 *
 * <ul>
 *   <li>{@code OPTIONS} on an API path answers 204 with the {@code Allow} of that path (the
 *       framework would list every method of the resource class, other paths' too);
 *   <li>a query parameter with an empty value ({@code ?size=}) is a 400, not "absent": the
 *       framework passes it on as missing, which would accept what the OpenAPI document refuses.
 * </ul>
 */
@Singleton
class RequestRules {
  private final Allow allow;

  RequestRules(@ConfigProperty(name = "api.allow") String allowedMethods) {
    this.allow = new Allow(allowedMethods);
  }

  void install(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE + 1).handler(this::check);
  }

  private void check(RoutingContext ctx) {
    if (ctx.request().method() == HttpMethod.OPTIONS) {
      var methods = allow.methods(ctx.request().path());
      if (methods.isPresent()) {
        ctx.response().setStatusCode(204).putHeader("Allow", methods.get()).end();
        return;
      }
    }
    for (Map.Entry<String, String> p : ctx.queryParams()) {
      if (p.getValue().isEmpty()) {
        Problem problem =
            new Problem(
                Problem.type("bad-request"),
                "Bad request",
                400,
                "query parameter '" + p.getKey() + "' has an empty value",
                ctx.request().path(),
                null);
        ctx.response()
            .setStatusCode(400)
            .putHeader("Content-Type", Problem.MEDIA_TYPE)
            .end(Json.encode(problem));
        return;
      }
    }
    ctx.next();
  }
}
