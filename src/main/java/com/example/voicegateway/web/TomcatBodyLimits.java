package com.example.voicegateway.web;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Tomcat's own limit for the form bodies it parses (2 MB by default, chunked bodies included) set to the gateway's
 * one body limit, {@link RequestBodyLimitFilter#MAX_BODY_BYTES}: a form over it fails to parse as soon as the
 * limit is passed, instead of being read and buffered in full.
 */
@Component
// After Boot's own customizer, which sets the connector from server.tomcat.max-http-form-post-size.
@Order(Ordered.LOWEST_PRECEDENCE)
class TomcatBodyLimits implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers(connector -> connector.setMaxPostSize(RequestBodyLimitFilter.MAX_BODY_BYTES));
    }
}
