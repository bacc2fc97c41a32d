package io.kubeflowops.notification.consumer;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.validator.BeanValidationConfigValidator;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/** {@link SqsConfig} read and validated as the service does, from a map instead of the env. */
final class TestSqsConfig {
  static final String QUEUE_URL = "http://localhost:9324/000000000000/order-events";

  private static final Validator VALIDATOR =
      Validation.byDefaultProvider()
          .configure()
          .messageInterpolator(new ParameterMessageInterpolator())
          .buildValidatorFactory()
          .getValidator();

  private TestSqsConfig() {}

  static SqsConfig with(Map<String, String> overrides) {
    Map<String, String> properties = new HashMap<>();
    properties.put("sqs.queue-url", QUEUE_URL);
    properties.put("sqs.region", "eu-west-1");
    properties.putAll(overrides);
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(SqsConfig.class)
            // Quarkus's duration format ("5S", "500MS"), as the service reads it
            .withConverter(Duration.class, 200, new DurationConverter())
            .withValidator((BeanValidationConfigValidator) () -> VALIDATOR)
            .withSources(new PropertiesConfigSource(properties, "test", 100))
            .build();
    return config.getConfigMapping(SqsConfig.class);
  }
}
