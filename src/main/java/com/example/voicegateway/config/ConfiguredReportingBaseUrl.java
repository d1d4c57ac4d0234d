package com.example.voicegateway.config;

import java.net.URI;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ConfiguredReportingBaseUrl {

    /** The configured reporting URL or 8x8's documented host; the sandbox replaces this bean when it serves 8x8. */
    @Bean
    @ConditionalOnMissingBean
    ReportingBaseUrl reportingBaseUrl(EightByEightProperties eightbyeight) {
        URI configured = eightbyeight.reportingBaseUrl();
        URI url = configured != null ? configured : EightByEightProperties.DEFAULT_REPORTING_BASE_URL;
        return () -> url;
    }
}
