package io.kubeflowops.order.order;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CreateOrderTest {
  @Test
  void totalIsTheExactSumOfTheLines() {
    CreateOrder cmd =
        new CreateOrder(
            UUID.randomUUID(),
            List.of(
                new LineItem("A", 3, new BigDecimal("0.10")),
                new LineItem("B", 1000, new BigDecimal("999999.99"))),
            "EUR");
    assertEquals(new BigDecimal("999999990.30"), cmd.total());
  }
}
