package io.kubeflowops.order.system;

/**
 * A failure the client can act on; the problem mapper turns it into problem+json with its status.
 */
public class ApiException extends RuntimeException {
  private final int status;
  private final String slug;
  private final String title;
  private final int retryAfterSeconds;

  public ApiException(int status, String slug, String title, String detail) {
    this(status, slug, title, detail, 0);
  }

  public ApiException(int status, String slug, String title, String detail, int retryAfterSeconds) {
    super(detail, null, false, false);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Seconds a client should wait before retrying; 0 when no Retry-After header applies. */
  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public int status() {
    return status;
  }

  public String slug() {
    return slug;
  }

  public String title() {
    return title;
  }

  public static ApiException badRequest(String detail) {
    return new ApiException(400, "bad-request", "Bad request", detail);
  }
}
