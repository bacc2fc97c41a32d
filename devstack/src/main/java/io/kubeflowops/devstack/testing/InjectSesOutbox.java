package io.kubeflowops.devstack.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link SesOutbox} field of a {@code @QuarkusTest} that {@link SesResource} fills with the
 * reader of the moto it started.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectSesOutbox {}
