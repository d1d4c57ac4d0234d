package com.example.voicegateway.sandbox;

import com.example.voicegateway.config.SandboxProfile;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Profile;

/** Beans that exist only with the {@code sandbox} profile: without it, its endpoints are plain 404s. */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Profile(SandboxProfile.NAME)
@interface SandboxEnabled {
}
