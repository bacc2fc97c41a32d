package io.kubeflowops.notification.system;

/**
 * A failure the client can act on; the problem mapper turns it into problem+json with its status.
 */
public class ApiException extends RuntimeException {
  private final int status;
  private final String slug;
  private final String title;

  public ApiException(int status, String slug, String title, String detail) {
    this(status, slug, title, detail, null);
  }

  public ApiException(int status, String slug, String title, String detail, Throwable cause) {
    super(detail, cause, false, false);
    this.status = status;
    this.slug = slug;
    this.title = title;
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
