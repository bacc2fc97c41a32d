package io.kubeflowops.order.support;

import static io.restassured.RestAssured.given;

import java.net.URL;

/** Reads one sample from the service's real Prometheus scrape. */
public final class Metrics {
  private Metrics() {}

  /**
   * The value of a series, e.g. {@code outbox_parked} or {@code
   * outbox_publish_failures_total{reason="rejected"}}; fails if the scrape does not have it.
   */
  public static double value(URL management, String series) {
    String body = given().get(management + "metrics").then().statusCode(200).extract().asString();
    return body.lines()
        .filter(l -> l.startsWith(series + " "))
        .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no series " + series + " on /metrics"));
  }
}
