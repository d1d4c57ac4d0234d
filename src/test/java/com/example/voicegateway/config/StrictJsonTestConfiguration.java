package com.example.voicegateway.config;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Boot's JSON mapper read as strictly as the application reads it ({@link StrictJsonConfiguration}: unknown fields,
 * coercions, NUL, duplicates and trailing tokens refused), for a web slice, which scans no {@code @Configuration} of
 * ours. Without it a slice would test a laxer API than the one clients get.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(StrictJsonConfiguration.class)
public class StrictJsonTestConfiguration {
}
