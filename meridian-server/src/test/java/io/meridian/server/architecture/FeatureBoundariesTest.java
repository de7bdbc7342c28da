package io.meridian.server.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.fail;

/**
 * The modular monolith's rules (docs/architecture.md): each feature package's top level is its public interface,
 * its {@code internal} package is private to it, the platform kernel depends on no feature, features do not form
 * cycles, and the features depend on each other exactly as the map's "Allowed dependencies" says.
 */
class FeatureBoundariesTest
{
    private static final JavaClasses SERVER = new ClassFileImporter()
            // Not Predefined.DO_NOT_INCLUDE_TESTS: it knows only target/test-classes, not -Dserver.build.dir=target-*.
            .withImportOption(location -> !location.contains("/test-classes/"))
            .importPackages("io.meridian.server");

    @Test
    void noFeatureReachesIntoAnotherFeaturesInternals()
    {
        slices().matching("io.meridian.server.(*)..")
                .should().notDependOnEachOther()
                .ignoreDependency(
                        com.tngtech.archunit.base.DescribedPredicate.alwaysTrue(),
                        com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages("..internal.."))
                .because("a feature's internal package (controllers, repositories, tables) is private to that feature")
                .check(SERVER);
    }

    @Test
    void thePlatformKernelDependsOnNoFeature()
    {
        noClasses().that().resideInAPackage("io.meridian.server.platform..")
                .should().dependOnClassesThat(resideInAPackage("io.meridian.server.(*)..").and(resideOutsideOfPackage("io.meridian.server.platform..")))
                .check(SERVER);
    }

    @Test
    void featuresDoNotDependOnEachOtherInCycles()
    {
        slices().matching("io.meridian.server.(*)..")
                .should().beFreeOfCycles()
                .check(SERVER);
    }

    @Test
    void featuresDependOnEachOtherExactlyAsTheArchitectureMapSays()
    {
        // Both ways: an edge the map lacks is an unreviewed dependency; an edge the code lost makes the map lie.
        List<String> differences = FeatureGraph.of(SERVER).differencesFrom(ArchitectureMap.read());
        if (!differences.isEmpty()) {
            fail("The features' dependencies and docs/architecture.md disagree:\n  " + String.join("\n  ", differences));
        }
    }
}
