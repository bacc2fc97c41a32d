package io.kubeflowops.notification.consumer;

/** A message body that is not a valid order.created v1 event. The reason never quotes the body. */
final class InvalidEvent extends RuntimeException {
  private InvalidEvent(String reason) {
    super(reason, null, false, false);
  }

  static InvalidEvent notJson() {
    return new InvalidEvent("body is not valid JSON");
  }

  static InvalidEvent wrongShape(String detail) {
    return new InvalidEvent("body does not match order.created v1: " + detail);
  }
}
