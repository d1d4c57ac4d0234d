package com.example.voicegateway.auth;

import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.stereotype.Component;

/**
 * Tomcat refuses {@code %2F} in a path itself, with an HTML page. Passed through undecoded instead, it reaches Spring
 * Security's firewall, which refuses it like every other path trick: a 400 problem+json. Nothing ever routes on it.
 */
@Component
class EncodedSlashHandling implements TomcatConnectorCustomizer {

    @Override
    public void customize(Connector connector) {
        connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
    }
}
