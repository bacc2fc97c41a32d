package io.kubeflowops.order.support;

import io.kubeflowops.devstack.testing.OidcResource;
import io.kubeflowops.devstack.testing.PostgresResource;
import io.kubeflowops.devstack.testing.SqsResource;
import io.quarkus.test.common.QuarkusTestResource;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What order-service's integration tests run against: real PostgreSQL, ElasticMQ and OIDC issuer,
 * user-service played by WireMock.
 */
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = SqsResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = UserServiceMock.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcResource.class, restrictToAnnotatedClass = false)
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OrderStack {}
