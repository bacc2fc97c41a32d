package io.kubeflowops.order;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

/** The style rules the build enforces rather than review. */
class ArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.kubeflowops.order");

  @Test
  void noFieldInjection() {
    fields().should().notBeAnnotatedWith(Inject.class).check(MAIN);
  }

  @Test
  void noSystemOutOrErr() {
    NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.check(MAIN);
  }

  @Test
  void resourcesArePackagePrivate() {
    classes()
        .that()
        .areAnnotatedWith(Path.class)
        .and()
        .areNotInterfaces()
        .should()
        .notBePublic()
        .check(MAIN);
  }

  @Test
  void crossCuttingCodeDoesNotDependOnFeatures() {
    noClasses()
        .that()
        .resideInAPackage("..system..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("..order.order..")
        .check(MAIN);
  }
}
