package io.libipc.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layering that each {@code package-info} states, checked on the compiled classes (ArchUnit):
 * no cycle between the internal packages, the engine contract depending on no engine, the layout
 * not depending on the code that runs over it, nothing internal reaching back to the public handle,
 * no Spring; and no main source file over 400 lines.
 */
class PackageStructureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.libipc");

    @Test
    void theInternalPackagesHaveNoCycle() {
        slices().matching("io.libipc.internal.(*)..").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void theEngineContractUsesNoOtherInternalPackage() {
        noClasses().that().resideInAPackage("io.libipc.internal.engine")
                .should().dependOnClassesThat().resideInAnyPackage("io.libipc.internal.handle", "io.libipc.internal.ring",
                        "io.libipc.internal.storage", "io.libipc.internal.wait", "io.libipc.internal.memory")
                .check(CORE);
    }

    @Test
    void theStorageLayoutDoesNotKnowTheRingCodeNorTheHandle() {
        noClasses().that().resideInAnyPackage("io.libipc.internal.storage", "io.libipc.internal.memory",
                        "io.libipc.internal.wait")
                .should().dependOnClassesThat().resideInAnyPackage("io.libipc.internal.ring", "io.libipc.internal.handle")
                .check(CORE);
    }

    @Test
    void theHandleTalksToEnginesOnlyThroughTheContract() {
        noClasses().that().resideInAPackage("io.libipc.internal.handle").and().doNotHaveSimpleName("Engines")
                .should().dependOnClassesThat().resideInAnyPackage("io.libipc.internal.ring", "io.libipc.internal.storage")
                .check(CORE);
    }

    @Test
    void nothingInternalUsesThePublicHandleAndNothingUsesSpring() {
        noClasses().that().resideInAPackage("io.libipc.internal..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.libipc.IpcChannel")
                .check(CORE);
        noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..").check(CORE);
    }

    @Test
    void noMainSourceFileIsLongerThan400Lines() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            List<String> tooLong = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> lines(p) > 400)
                    .map(p -> p + " (" + lines(p) + " lines)")
                    .collect(Collectors.toList());
            assertThat(tooLong).isEmpty();
        }
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
