package com.example.voicegateway;

import org.junit.jupiter.api.Test;

class TmpModulesDumpTest {
    @Test
    void dump() throws Exception {
        long t = System.nanoTime();
        var modules = ModularityTest.MODULES;
        System.out.println("MODEL ms " + (System.nanoTime() - t) / 1_000_000);
        java.nio.file.Files.writeString(java.nio.file.Path.of(System.getProperty("dumpTo", "/tmp/ss/modules.txt")),
                modules.toString() + "\n" + modules.detectViolations().toString());
    }
}
