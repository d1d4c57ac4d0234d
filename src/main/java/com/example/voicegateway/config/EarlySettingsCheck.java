package com.example.voicegateway.config;

import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;

/**
 * Runs {@link GatewayProperties}' cross-setting checks once the environment is complete but before the context
 * starts, so a bad setting stops the start with its one line, instead of first failing inside the web server's
 * start-up with screens of nested bean errors. The context binds (and validates) the settings again as usual.
 */
class EarlySettingsCheck implements ApplicationListener<ApplicationPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationPreparedEvent event) {
        try {
            Binder.get(event.getApplicationContext().getEnvironment())
                    .bindOrCreate("gateway", Bindable.of(GatewayProperties.class));
        } catch (BindException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof InvalidSettingException invalid) {
                    throw invalid;
                }
            }
            // Any other binding problem is left to the context, which reports it with Boot's own analysis.
        }
    }
}
