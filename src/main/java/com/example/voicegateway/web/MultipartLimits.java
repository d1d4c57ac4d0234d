package com.example.voicegateway.web;

import jakarta.servlet.MultipartConfigElement;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat's multipart limits, which only {@code POST /broadcasts} meets ({@link RequestBodyLimitFilter} refuses a
 * multipart body anywhere else, unread): the same 8 MiB as that path's JSON body, for the whole request and for any
 * one part, so a chunked upload fails as soon as it passes the limit (Tomcat reads multipart bodies itself, past the
 * filter's stream wrapper). Every part stays in memory up to that limit and is never spooled to a temporary file: a
 * CSV of recipients is personal data, which has no business on the disk. Boot's own
 * {@code spring.servlet.multipart.max-*} settings give way to this bean, so the limit is said once.
 */
@Configuration(proxyBeanMethods = false)
class MultipartLimits {

    @Bean
    MultipartConfigElement multipartConfigElement() {
        long limit = RequestBodyLimitFilter.MAX_BROADCAST_BODY_BYTES;
        return new MultipartConfigElement("", limit, limit, (int) limit);
    }
}
