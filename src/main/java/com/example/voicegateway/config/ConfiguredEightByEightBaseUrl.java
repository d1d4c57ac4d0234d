package com.example.voicegateway.config;

import java.net.URI;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ConfiguredEightByEightBaseUrl {

    /** The configured base URL; the sandbox replaces this bean when it serves 8x8 itself. */
    @Bean
    @ConditionalOnMissingBean
    EightByEightBaseUrl eightByEightBaseUrl(EightByEightProperties eightbyeight) {
        URI configured = eightbyeight.baseUrl();
        return () -> {
            if (configured == null) {
                throw new IllegalStateException("gateway.eightbyeight.base-url is not set");
            }
            return configured;
        };
    }
}
