package com.example.voicegateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class EmptyGatewayVariablesTest {

    @Test
    void anEmptyGatewayVariableIsUnsetAndEverythingElseStays() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("GATEWAY_MAX_VALIDITY", "", "GATEWAY_DEFAULT_VALIDITY", "2h",
                                "GATEWAY_WEBHOOK_ALLOWED_IPS", " ", "OTHER_EMPTY", "")));

        new EmptyGatewayVariables().postProcessEnvironment(environment, null);

        Binder binder = Binder.get(environment);
        // As docker compose passes a variable .env does not set: the setting keeps its default.
        assertThat(binder.bind("gateway.max-validity", Duration.class).isBound()).isFalse();
        assertThat(binder.bind("gateway.webhook.allowed-ips", String.class).isBound()).isFalse();
        assertThat(binder.bind("gateway.default-validity", Duration.class).get()).isEqualTo(Duration.ofHours(2));
        assertThat(environment.getProperty("OTHER_EMPTY")).isEmpty();
    }
}
