package com.example.voicegateway.sandbox;

import com.example.voicegateway.config.EightByEightProperties;
import com.example.voicegateway.config.ReportingBaseUrl;
import java.net.URI;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * While the emulator stands in for 8x8 (no {@code gateway.eightbyeight.base-url}), log exports go to it too, unless
 * {@code gateway.eightbyeight.reporting-base-url} says otherwise.
 */
@Component
@Primary
@SandboxEnabled
class SandboxReportingEndpoint implements ReportingBaseUrl {

    private final EightByEightProperties properties;
    private final SandboxEndpoint endpoint;

    SandboxReportingEndpoint(EightByEightProperties properties, SandboxEndpoint endpoint) {
        this.properties = properties;
        this.endpoint = endpoint;
    }

    @Override
    public URI get() {
        URI configured = properties.reportingBaseUrl();
        if (configured != null) {
            return configured;
        }
        return endpoint.emulatorInUse() ? endpoint.emulatorUrl() : EightByEightProperties.DEFAULT_REPORTING_BASE_URL;
    }
}
