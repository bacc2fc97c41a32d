package io.kubeflowops.notification.system;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The single error policy: every exception leaves as RFC 9457 problem+json. Client mistakes get a
 * 4xx that says what to fix; anything unexpected is logged with its stack trace and answered with a
 * 500 that reveals nothing.
 */
class ProblemMapper {
  private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

  @ServerExceptionMapper
  Response api(ApiException e, HttpServerRequest request) {
    if (e.status() >= 500) {
      LOG.warnf("request failed with %d: %s (%s)", e.status(), e.getMessage(), e.getCause());
    }
    return problem(e.status(), e.slug(), e.title(), e.getMessage(), request);
  }

  @ServerExceptionMapper
  Response http(WebApplicationException e, HttpServerRequest request) {
    int status = e.getResponse().getStatus();
    if (status >= 500) {
      LOG.error("request failed", e);
      return problem(status, "server-error", "Server error", null, request);
    }
    Response.StatusType info = e.getResponse().getStatusInfo();
    return problem(status, "http-" + status, info.getReasonPhrase(), e.getMessage(), request);
  }

  @ServerExceptionMapper
  Response unexpected(Exception e, HttpServerRequest request) {
    LOG.error("unexpected failure", e);
    return problem(
        500, "server-error", "Server error", "The request could not be completed.", request);
  }

  private static Response problem(
      int status, String slug, String title, String detail, HttpServerRequest request) {
    Problem body = new Problem(Problem.type(slug), title, status, detail, request.path(), null);
    return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
  }
}
