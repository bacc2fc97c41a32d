package io.kubeflowops.notification.system;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The single error policy: every exception leaves as RFC 9457 problem+json. Client mistakes get a
 * 4xx that says what to fix; anything unexpected is logged with its stack trace and answered with a
 * 500 that reveals nothing.
 */
class ProblemMapper {
  private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

  private final Allow allow;

  ProblemMapper(@ConfigProperty(name = "api.allow") String allowedMethods) {
    this.allow = new Allow(allowedMethods);
  }

  @ServerExceptionMapper
  Response api(ApiException e, HttpServerRequest request) {
    if (e.status() >= 500) {
      LOG.warnf("request failed with %d: %s (%s)", e.status(), e.getMessage(), e.getCause());
    }
    return problem(e.status(), e.slug(), e.title(), e.getMessage(), request);
  }

  // No token, or one that is not valid: 401 with the challenge RFC 6750 asks for.
  @ServerExceptionMapper
  Response unauthenticated(UnauthorizedException e, HttpServerRequest request) {
    return unauthenticated("a bearer token is required", "Bearer", request);
  }

  @ServerExceptionMapper
  Response invalidToken(AuthenticationFailedException e, HttpServerRequest request) {
    return unauthenticated(
        "the bearer token is not valid (signature, issuer, expiry or type)",
        "Bearer error=\"invalid_token\"",
        request);
  }

  @ServerExceptionMapper
  Response forbidden(ForbiddenException e, HttpServerRequest request) {
    return problem(
        403,
        "forbidden",
        "Forbidden",
        "the token's roles do not allow this operation (it needs an admin)",
        request);
  }

  private static Response unauthenticated(
      String detail, String challenge, HttpServerRequest request) {
    Response r = problem(401, "unauthenticated", "Unauthenticated", detail, request);
    return Response.fromResponse(r).header("WWW-Authenticate", challenge).build();
  }

  @ServerExceptionMapper
  Response http(WebApplicationException e, HttpServerRequest request) {
    int status = e.getResponse().getStatus();
    if (status >= 500) {
      LOG.error("request failed", e);
      return problem(status, "server-error", "Server error", null, request);
    }
    Response.StatusType info = e.getResponse().getStatusInfo();
    Response r = problem(status, "http-" + status, info.getReasonPhrase(), e.getMessage(), request);
    // RFC 9110: a 405 names the methods the resource does support.
    return status == 405
        ? allow
            .methods(request.path())
            .map(m -> Response.fromResponse(r).header("Allow", m).build())
            .orElse(r)
        : r;
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
