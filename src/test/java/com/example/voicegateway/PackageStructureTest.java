package com.example.voicegateway;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package dependencies the guide asks for, checked on the compiled classes. {@code config}, {@code web} (how
 * errors are answered, field violations included), {@code auth} (who is calling), {@code schedule} (pure window and
 * zone arithmetic, used by intake, dispatch and the webhook alike, depending on no package of ours),
 * {@code ratelimit} (Bucket4j buckets shared across instances: quotas, dispatch, the sign-in throttle) and
 * {@code phone} (numbers in E.164, masked for logs) are shared infrastructure any feature may use; every other
 * package is a feature.
 */
class PackageStructureTest {

    private static final String ROOT = "com.example.voicegateway";
    private static final String[] INFRASTRUCTURE = {ROOT + ".config..", ROOT + ".web..", ROOT + ".auth..",
            ROOT + ".schedule..",
            ROOT + ".ratelimit..",
            ROOT + ".phone.."};

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void messageDependsOnNoOtherFeature() {
        noClasses().that().resideInAPackage(ROOT + ".message..")
                .should().dependOnClassesThat(
                        resideInAPackage(ROOT + "..")
                                .and(not(
                                        resideInAnyPackage(
                                                concat(ROOT + ".message..", INFRASTRUCTURE)))))
                .check(CLASSES);
    }

    @Test
    void nothingDependsOnTheSandbox() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".sandbox..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".sandbox..")
                .check(CLASSES);
    }

    @Test
    void infrastructureDependsOnNoFeature() {
        noClasses().that().resideInAnyPackage(INFRASTRUCTURE)
                .should().dependOnClassesThat(
                        resideInAPackage(ROOT + "..")
                                .and(not(
                                        resideInAnyPackage(
                                                INFRASTRUCTURE)))
                                .and(not(
                                        belongToAnyOf(
                                                VoiceGatewayApplication.class))))
                .check(CLASSES);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
