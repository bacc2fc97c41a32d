package io.kubeflowops.notification.consumer;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.type.LogicalType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.stream.Collectors;

/** Reads a message body into an {@link OrderCreatedEvent} and checks it against the v1 contract. */
@ApplicationScoped
class EventParser {
  private final ObjectMapper json;
  private final Validator validator;

  EventParser(ObjectMapper json, Validator validator) {
    this.json = strictTypes(json.copy());
    this.validator = validator;
  }

  /**
   * Wrong JSON types are contract violations, not something to guess at ("5" is not a number, 1.5
   * not an integer), but unknown fields are tolerated so a producer may add optional fields within
   * the version.
   */
  private static ObjectMapper strictTypes(ObjectMapper mapper) {
    mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Float)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    return mapper;
  }

  OrderCreatedEvent parse(String body) {
    OrderCreatedEvent event = read(body);
    var violations = validator.validate(event);
    if (!violations.isEmpty()) {
      throw InvalidEvent.wrongShape(
          violations.stream()
              .map(EventParser::describe)
              .sorted(Comparator.naturalOrder())
              .collect(Collectors.joining("; ")));
    }
    return event;
  }

  private OrderCreatedEvent read(String body) {
    if (body == null || body.isBlank()) {
      throw InvalidEvent.notJson();
    }
    try {
      OrderCreatedEvent event = json.readValue(body, OrderCreatedEvent.class);
      if (event == null) {
        throw InvalidEvent.wrongShape("body is null");
      }
      return event;
    } catch (JsonParseException e) {
      throw InvalidEvent.notJson();
    } catch (MismatchedInputException e) {
      throw InvalidEvent.wrongShape(
          "field '" + path(e) + "' has a value of the wrong type or format");
    } catch (JsonProcessingException e) {
      throw InvalidEvent.wrongShape(e.getOriginalMessage());
    }
  }

  private static String describe(ConstraintViolation<?> v) {
    return v.getPropertyPath() + " " + v.getMessage();
  }

  private static String path(MismatchedInputException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }
}
