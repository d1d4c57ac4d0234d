package com.example.voicegateway.config;

import java.time.Duration;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Sets the JDK HTTP client's idle-connection lifetime from {@code gateway.eightbyeight.idle-connection-timeout}
 * before any client exists. A pooled connection the server has already closed makes the next POST on it fail with
 * "EOF reached while reading" after the request left, an unknown outcome; keeping our idle lifetime below the
 * server's means we close first. The JDK reads {@value #PROPERTY} once per JVM, so it is a system property, set here
 * unless the operator set it on the command line.
 */
class HttpClientKeepAlive implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY = "jdk.httpclient.keepalive.timeout";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        Duration idle = Binder.get(environment).bind("gateway.eightbyeight.idle-connection-timeout", Duration.class)
                .orElse(EightByEightProperties.DEFAULT_IDLE_CONNECTION_TIMEOUT);
        if (idle.isNegative() || idle.isZero()) {
            // The settings check reports it with the other problems; the JDK default stays until then.
            return;
        }
        System.setProperty(PROPERTY, Long.toString(Math.max(1, idle.toSeconds())));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
