package com.example.voicegateway.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/info} says whether calls are simulated, so nobody mistakes a sandbox for production. Only with the
 * {@code sandbox} profile: without it there is no {@code sandbox} entry, and calls are real.
 */
@Component
@SandboxEnabled
class SandboxInfoContributor implements InfoContributor {

    private final SandboxProperties properties;
    private final ObjectProvider<SandboxEndpoint> endpoint;

    SandboxInfoContributor(SandboxProperties properties, ObjectProvider<SandboxEndpoint> endpoint) {
        this.properties = properties;
        this.endpoint = endpoint;
    }

    @Override
    public void contribute(Info.Builder builder) {
        Map<String, Object> sandbox = new LinkedHashMap<>();
        sandbox.put("enabled", true);
        SandboxEndpoint running = endpoint.getIfAvailable();
        if (running != null && running.started()) {
            boolean simulated = running.emulatorInUse();
            sandbox.put("callsSimulated", simulated);
            sandbox.put("message", simulated
                    ? "Calls are simulated by the built-in 8x8 emulator; nothing is sent to 8x8."
                    : "The emulator runs, but gateway.eightbyeight.base-url sends calls elsewhere.");
            sandbox.put("emulatorUrl", running.emulatorUrl().toString());
            sandbox.put("timeScale", properties.timeScale());
        } else {
            sandbox.put("callsSimulated", false);
        }
        builder.withDetail("sandbox", sandbox);
    }
}
