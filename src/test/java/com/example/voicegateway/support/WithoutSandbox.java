package com.example.voicegateway.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * An {@link IntegrationTest} of the live configuration: no {@code sandbox} profile, and the 8x8 settings a live start
 * requires (pointing at 8x8's documented host; nothing here sends a call). The tests that use it share one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ActiveProfiles(inheritProfiles = false)
@TestPropertySource(properties = {
        "gateway.eightbyeight.base-url=https://voice.8x8.com",
        "gateway.eightbyeight.api-key=live-key",
        "gateway.eightbyeight.subaccount-id=live-sub",
        "gateway.webhook.authorization=Bearer live-secret"})
public @interface WithoutSandbox {
}
