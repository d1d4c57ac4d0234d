package com.example.voicegateway;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * Spring Modulith's view of the packages: each top-level package under {@code com.example.voicegateway} is a module
 * whose public types in that package are its API; {@code verify()} fails on cycles between modules and on any use of
 * another module's internals. {@link PackageStructureTest} adds the rules Modulith has no words for (which modules
 * are shared infrastructure, nothing depends on the sandbox).
 */
class ModularityTest {

    static final ApplicationModules MODULES = ApplicationModules.of(VoiceGatewayApplication.class);

    @Test
    void theModulesKeepTheirBoundaries() {
        MODULES.verify();
    }
}
