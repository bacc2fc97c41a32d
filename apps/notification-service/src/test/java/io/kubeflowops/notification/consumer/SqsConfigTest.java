package io.kubeflowops.notification.consumer;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.config.ConfigValidationException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The consumer settings that are checked at startup, with the message an operator then reads. */
class SqsConfigTest {

  @Test
  void fourPollLoopsByDefault() {
    assertEquals(4, TestSqsConfig.with(Map.of()).consumers());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "32"})
  void consumersWithinBoundsAreAccepted(String value) {
    assertEquals(
        Integer.parseInt(value), TestSqsConfig.with(Map.of("sqs.consumers", value)).consumers());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "33"})
  void consumersOutOfBoundsStopTheStartup(String value) {
    var e =
        assertThrows(
            ConfigValidationException.class,
            () -> TestSqsConfig.with(Map.of("sqs.consumers", value)));
    assertThat(e.getMessage(), containsString("sqs.consumers must be"));
  }

  @Test
  void aReceiveCannotAskForMoreThanABatchDeleteCarries() {
    var e =
        assertThrows(
            ConfigValidationException.class,
            () -> TestSqsConfig.with(Map.of("sqs.max-messages", "11")));
    assertThat(e.getMessage(), containsString("sqs.max-messages must be"));
  }
}
