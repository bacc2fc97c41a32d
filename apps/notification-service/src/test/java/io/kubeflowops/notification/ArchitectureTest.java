package io.kubeflowops.notification;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package rules of STYLE.md, checked instead of reviewed. */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.kubeflowops.notification");
  }

  @Test
  void theApiDoesNotDependOnTheConsumer() {
    noClasses()
        .that()
        .resideInAPackage("..notification.notification..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("..notification.consumer..")
        .check(classes);
  }

  @Test
  void crossCuttingCodeDoesNotDependOnFeatures() {
    noClasses()
        .that()
        .resideInAPackage("..notification.system..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..notification.notification..", "..notification.consumer..")
        .check(classes);
  }

  @Test
  void noFieldInjection() {
    fields().should().notBeAnnotatedWith(jakarta.inject.Inject.class).check(classes);
  }

  @Test
  void noStandardStreamsOrJavaUtilLogging() {
    NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.check(classes);
    NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING.check(classes);
  }

  @Test
  void theConsumerIsInternal() {
    // Nothing outside its package uses the consumer, so none of it needs to be public.
    noClasses()
        .that()
        .resideInAPackage("..notification.consumer..")
        .should()
        .bePublic()
        .check(classes);
  }
}
