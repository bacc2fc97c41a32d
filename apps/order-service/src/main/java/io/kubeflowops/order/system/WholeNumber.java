package io.kubeflowops.order.system;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * An integer field as JSON Schema means it: 3 and 3.0 are the same integer, 3.5 is none. StrictJson
 * refuses every float for an integer, which would refuse 3.0 that the OpenAPI document allows.
 */
public final class WholeNumber extends StdDeserializer<Integer> {
  public WholeNumber() {
    super(Integer.class);
  }

  @Override
  public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
      BigDecimal value = p.getDecimalValue();
      try {
        return value.stripTrailingZeros().intValueExact();
      } catch (ArithmeticException notWhole) {
        return (Integer) ctxt.handleUnexpectedToken(Integer.class, p);
      }
    }
    if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
      return p.getIntValue();
    }
    return (Integer) ctxt.handleUnexpectedToken(Integer.class, p);
  }
}
