package com.example.voicegateway.console;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The console's stylesheet, icon and htmx, served under {@code /console/assets/} so the whole console sits behind
 * one security chain; htmx comes from its WebJar, pinned by the build, never from a CDN. The icon is also served at
 * {@code /favicon.ico}, where browsers and tools ask for it whatever a page declares (public, see
 * {@code auth.SecurityConfiguration}), instead of a 401 in every log.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleWebConfiguration implements WebMvcConfigurer {

    static final String HTMX_VERSION = "2.0.4";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/console/assets/htmx/**")
                .addResourceLocations("classpath:/META-INF/resources/webjars/htmx.org/" + HTMX_VERSION + "/dist/");
        registry.addResourceHandler("/console/assets/**").addResourceLocations("classpath:/static/console/");
        registry.addResourceHandler("/favicon.ico").addResourceLocations("classpath:/static/console/");
    }
}
