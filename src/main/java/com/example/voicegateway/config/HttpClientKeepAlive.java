package com.example.voicegateway.config;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Sets the JDK HTTP client's idle-connection lifetime to {@link EightByEightProperties#IDLE_CONNECTION_TIMEOUT} before
 * any client exists. A pooled connection the server has already closed makes the next POST on it fail with "EOF
 * reached while reading" after the request left, an unknown outcome; keeping our idle lifetime below the server's
 * means we close first. The JDK reads {@value #PROPERTY} once per JVM, so it is a system property, set here unless
 * the operator set it on the command line.
 */
class HttpClientKeepAlive implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY = "jdk.httpclient.keepalive.timeout";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, Long.toString(EightByEightProperties.IDLE_CONNECTION_TIMEOUT.toSeconds()));
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
