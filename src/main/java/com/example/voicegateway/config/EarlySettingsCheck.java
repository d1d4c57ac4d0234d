package com.example.voicegateway.config;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
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
        // spring-boot-properties-migrator has mapped renamed keys to their new names. A registry post-processor runs
        // before the configuration classes are read (component scan, auto-configuration): a bad setting stops the
        // start without that work.
        context.addBeanFactoryPostProcessor(
                (BeanDefinitionRegistryPostProcessor) registry -> check(context.getEnvironment()));
    }

    static void check(ConfigurableEnvironment environment) {
        UnknownSettings.ReadNames read = new UnknownSettings.ReadNames();
        Binder binder = Binder.get(environment);
        boolean strict = binder.bind(UnknownSettings.STRICT, Bindable.of(Boolean.class), read).orElse(false);
        SettingsRecords.Bound bound = SettingsRecords.bindAll(binder, read);
        // Keys after an unreadable value were never read: not unknown, only unreached.
        List<String> unknown = UnknownSettings.fromClassPath().find(read).stream()
                .filter(finding -> bound.unreadablePrefixes().stream()
                        .noneMatch(prefix -> finding.key().startsWith(prefix + ".")))
                .map(UnknownSettings.Finding::line).toList();
        if (strict && !unknown.isEmpty()) {
            throw new InvalidSettingException("Invalid configuration (" + UnknownSettings.STRICT + "=true): "
                    + String.join("; ", unknown));
        }
        unknown.forEach(log::warn);
        if (!bound.problems().isEmpty()) {
            throw new InvalidSettingException("Invalid configuration: " + String.join("; ", bound.problems()));
        }
        String legacySandbox = binder.bind(SandboxProfile.LEGACY_SWITCH, Bindable.of(String.class)).orElse("").strip();
        if (SandboxProfile.isActive(environment) && "false".equalsIgnoreCase(legacySandbox)) {
            // A deployment that went live the old way and now gets the profile by a default (docker-compose's) would
            // run the emulator beside real calls: the operator's intent is plain, so stop rather than guess.
            throw new InvalidSettingException("Invalid configuration: " + SandboxProfile.LEGACY_SWITCH + "=false asks"
                    + " for live calls, but the Spring profile 'sandbox' is active: remove the profile"
                    + " (SPRING_PROFILES_ACTIVE= with no value in docker compose's .env) and the old setting");
        }
        if (!SandboxProfile.isActive(environment)) {
            String failure = LiveSettings.failure(bound.get(EightByEightProperties.class),
                    bound.get(ClientPolicies.class),
                    binder.bind(LiveSettings.WEBHOOK_AUTHORIZATION, Bindable.of(String.class)).orElse(null),
                    binder.bind(LiveSettings.SUPPRESSION_HASH_SECRET, Bindable.of(String.class)).orElse(null));
            if (failure != null) {
                throw new InvalidSettingException(failure);
            }
        }
    }
}
