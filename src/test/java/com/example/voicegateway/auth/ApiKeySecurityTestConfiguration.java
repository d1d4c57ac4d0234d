package com.example.voicegateway.auth;

import com.example.voicegateway.config.ClientPolicies;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The API's own security for a web slice ({@code @WebMvcTest}), which scans no {@code @Configuration} or
 * {@code @Component} of ours: the one rule table ({@link SecurityConfiguration}), the keys of
 * src/test/resources/application.properties ({@code alpha-key}, {@code ops-key}...) and the 401/403 problems. A
 * request in the slice then presents {@code X-API-Key} exactly as a client does, and a rule changed in the table is a
 * rule changed in the slice.
 *
 * <p>The slice declares {@code @MockitoBean FailedSignIns}: the sign-in throttle keeps its buckets in PostgreSQL,
 * which a web slice does not have, and a mock never throttles (the throttle has its own full-context tests). The
 * slice also imports {@code web.ProblemResponses}, through which the refusals are written.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({SecurityConfiguration.class, ApiKeyRegistry.class, SecurityProblems.class})
@EnableConfigurationProperties(ClientPolicies.class)
public class ApiKeySecurityTestConfiguration {
}
