package com.example.voicegateway.config;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Checks the settings once the environment is complete but before any bean exists, so a bad setting stops the start
 * with its one line instead of first failing inside the web server's start-up with screens of nested bean errors:
 * every settings record's Bean Validation ({@link SettingsRecords}), the settings a start without the sandbox profile
 * needs ({@link LiveSettings}), and keys no setting reads ({@link UnknownSettings}: one WARN line each, or the stop
 * with {@code gateway.strict-settings=true}). The context binds (and validates) the records again as usual.
 */
class EarlySettingsCheck implements ApplicationListener<ApplicationPreparedEvent> {

    private static final Logger log = LoggerFactory.getLogger(UnknownSettings.class);

    @Override
    public void onApplicationEvent(ApplicationPreparedEvent event) {
        ConfigurableApplicationContext context = event.getApplicationContext();
        // Run as the context's first step rather than now: after every listener of this event, so after
        // spring-boot-properties-migrator has mapped renamed keys to their new names.
        context.addBeanFactoryPostProcessor(beanFactory -> check(context.getEnvironment()));
    }

    static void check(ConfigurableEnvironment environment) {
        UnknownSettings.ReadNames read = new UnknownSettings.ReadNames();
        Binder binder = Binder.get(environment);
        boolean strict = binder.bind(UnknownSettings.STRICT, Bindable.of(Boolean.class), read).orElse(false);
        SettingsRecords.Bound bound = SettingsRecords.bindAll(binder, read);
        List<String> unknown = UnknownSettings.fromClassPath().find(read).stream()
                .map(UnknownSettings.Finding::line).toList();
        if (strict && !unknown.isEmpty()) {
            throw new InvalidSettingException("Invalid configuration (" + UnknownSettings.STRICT + "=true): "
                    + String.join("; ", unknown));
        }
        unknown.forEach(log::warn);
        if (!bound.problems().isEmpty()) {
            throw new InvalidSettingException("Invalid configuration: " + String.join("; ", bound.problems()));
        }
        if (!SandboxProfile.isActive(environment)) {
            String failure = LiveSettings.failure(bound.get(EightByEightProperties.class),
                    bound.get(ClientPolicies.class),
                    binder.bind(LiveSettings.WEBHOOK_AUTHORIZATION, Bindable.of(String.class)).orElse(null));
            if (failure != null) {
                throw new InvalidSettingException(failure);
            }
        }
    }
}
