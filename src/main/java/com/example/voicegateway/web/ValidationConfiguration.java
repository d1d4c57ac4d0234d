package com.example.voicegateway.web;

import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import java.lang.annotation.ElementType;
import org.springframework.boot.validation.autoconfigure.ValidationConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Bean Validation for request records, not JPA entities. With Hibernate on the classpath the validator asks JPA, for
 * every property of every request, whether it is loaded (a reflective read per field): a tenth of intake's CPU in the
 * benchmark's profile. Nothing we validate is lazily loaded, so every property is reachable and cascadable.
 */
@Configuration(proxyBeanMethods = false)
class ValidationConfiguration {

    @Bean
    ValidationConfigurationCustomizer traverseEveryProperty() {
        return configuration -> configuration.traversableResolver(new TraverseEveryProperty());
    }

    private static final class TraverseEveryProperty implements TraversableResolver {

        @Override
        public boolean isReachable(Object bean, Path.Node property, Class<?> rootBeanType, Path pathToBean,
                ElementType elementType) {
            return true;
        }

        @Override
        public boolean isCascadable(Object bean, Path.Node property, Class<?> rootBeanType, Path pathToBean,
                ElementType elementType) {
            return true;
        }
    }
}
