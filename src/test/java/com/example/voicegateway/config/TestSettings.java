package com.example.voicegateway.config;

import java.util.Map;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Settings records bound and checked as a start does them, for tests without an application context. */
public final class TestSettings {

    private TestSettings() {
    }

    /**
     * The record of {@code type} bound from {@code settings}; every record is checked, and a problem anywhere throws
     * the {@link InvalidSettingException} a start would stop with.
     */
    public static <T> T bind(Class<T> type, Map<String, String> settings) {
        SettingsRecords.Bound bound = SettingsRecords.bindAll(new Binder(new MapConfigurationPropertySource(settings)),
                BindHandler.DEFAULT);
        if (!bound.problems().isEmpty()) {
            throw new InvalidSettingException("Invalid configuration: " + String.join("; ", bound.problems()));
        }
        return bound.get(type);
    }

    /** Every problem the start would report, one phrase each. */
    public static java.util.List<String> problems(Map<String, String> settings) {
        return SettingsRecords.bindAll(new Binder(new MapConfigurationPropertySource(settings)), BindHandler.DEFAULT)
                .problems();
    }
}
