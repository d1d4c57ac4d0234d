package com.example.voicegateway.support;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.testcontainers.DockerClientFactory;

/** True where a Docker engine answers; elsewhere the tests use the machine's own PostgreSQL. */
class DockerAvailable implements Condition {

    private static volatile Boolean available;

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        if (available == null) {
            boolean found;
            try {
                found = DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException e) {
                found = false;
            }
            available = found;
        }
        return available;
    }
}
