package io.kubeflowops.devstack.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link Mailbox} field of a {@code @QuarkusTest} that {@link MailpitResource} fills with
 * the client of the Mailpit it started.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectMailbox {}
