package io.kubeflowops.user.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
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
    return problem(e.status(), e.slug(), e.title(), e.getMessage(), request, null);
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
        request,
        null);
  }

  private static Response unauthenticated(
      String detail, String challenge, HttpServerRequest request) {
    Response r = problem(401, "unauthenticated", "Unauthenticated", detail, request, null);
    return Response.fromResponse(r).header("WWW-Authenticate", challenge).build();
  }

  @ServerExceptionMapper
  Response validation(ConstraintViolationException e, HttpServerRequest request) {
    List<Problem.FieldError> errors =
        e.getConstraintViolations().stream()
            .map(v -> new Problem.FieldError(field(v), v.getMessage()))
            .sorted(Comparator.comparing(Problem.FieldError::field))
            .toList();
    String detail =
        errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
    return problem(400, "validation", "Request is not valid", detail, request, errors);
  }

  // Declared for the subtype too, so it wins over the framework's built-in mapper for it.
  @ServerExceptionMapper
  Response mismatch(MismatchedInputException e, HttpServerRequest request) {
    return json(e, request);
  }

  @ServerExceptionMapper
  Response json(JsonProcessingException e, HttpServerRequest request) {
    return problem(400, "malformed-json", "Malformed JSON", jsonDetail(e), request, null);
  }

  @ServerExceptionMapper
  Response http(WebApplicationException e, HttpServerRequest request) {
    int status = e.getResponse().getStatus();
    if (e.getCause() instanceof JsonProcessingException json) {
      return json(json, request);
    }
    if (status >= 500) {
      LOG.error("request failed", e);
      return problem(status, "server-error", "Server error", null, request, null);
    }
    Response.StatusType info = e.getResponse().getStatusInfo();
    Response r =
        problem(status, "http-" + status, info.getReasonPhrase(), e.getMessage(), request, null);
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
    if (DatabaseOutage.causedBy(e)) {
      LOG.warnf("database unavailable: %s", e.getMessage());
      Response r =
          problem(
              503,
              "database-unavailable",
              "Database unavailable",
              "the database cannot be reached right now; nothing was written, retry later",
              request,
              null);
      return Response.fromResponse(r).header("Retry-After", 2).build();
    }
    LOG.error("unexpected failure", e);
    return problem(
        500, "server-error", "Server error", "The request could not be completed.", request, null);
  }

  static Response problem(
      int status,
      String slug,
      String title,
      String detail,
      HttpServerRequest request,
      List<Problem.FieldError> errors) {
    Problem body = new Problem(Problem.type(slug), title, status, detail, request.path(), errors);
    return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
  }

  private static String field(ConstraintViolation<?> v) {
    // "create.body.items[0].quantity" -> "items[0].quantity": drop the method and parameter names.
    String path = v.getPropertyPath().toString();
    String[] parts = path.split("\\.", 3);
    return parts.length == 3 ? parts[2] : parts.length == 2 ? parts[1] : path;
  }

  private static String jsonDetail(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown field '" + u.getPropertyName() + "'";
    }
    if (e instanceof InvalidFormatException f) {
      return "field '" + path(f) + "' has a value of the wrong type or format";
    }
    if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
      return "field '" + path(m) + "' has a value of the wrong type";
    }
    return e instanceof MismatchedInputException
        ? "the request body must be a JSON object of the documented shape"
        : "the request body is not valid JSON";
  }

  private static String path(MismatchedInputException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }
}
