package com.example.voicegateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataProperty;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepositoryJsonBuilder;
import org.springframework.boot.configurationmetadata.Deprecation;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Keys in the environment that no setting reads: a misspelt or retired {@code gateway.*} key, and a deprecated key of
 * any prefix (renamed or removed, as the configuration metadata's deprecations say). Without this such a key is
 * silently ignored and the operator believes a setting is in force that is not.
 *
 * <p>Unknown keys are found the way Spring's {@code NoUnboundElementsBindHandler} finds them (the names the binder
 * actually read, so relaxed forms, map keys such as {@code gateway.clients.<client>.*} and list indexes count as read),
 * but collected instead of thrown, and also after a failed bind: a misspelt required key should be named next to the
 * "not set" that it caused. Renamed keys keep working meanwhile: spring-boot-properties-migrator maps their values
 * to the new keys; this class only words the one line per key that the migrator's multi-line report does not give.
 */
final class UnknownSettings {

    static final String PREFIX = "gateway";
    static final String STRICT = "gateway.strict-settings";
    private static final String METADATA = "classpath*:META-INF/spring-configuration-metadata.json";
    /** The migrator's own property sources: they hold the new names of renamed keys. */
    private static final String MIGRATED_SOURCE_PREFIX = "migrate-";

    /** One key and what became of it; {@code replacement} and {@code reason} only for deprecated keys. */
    record Finding(String key, String origin, String replacement, String reason) {

        String line() {
            String from = origin == null ? "" : " (" + origin + ")";
            if (replacement != null) {
                return "Setting " + key + from + " was renamed " + replacement + "; its value is used for " + replacement
                        + " until you rename it";
            }
            if (reason != null) {
                return "Setting " + key + from + " no longer exists and is ignored: " + reason;
            }
            return "Setting " + key + from + " is not a setting of this gateway and is ignored (misspelt?)";
        }
    }

    /** Records every name the binder read; its sources are the ones the environment had at that bind. */
    static final class ReadNames extends AbstractBindHandler {

        private final Set<ConfigurationPropertyName> read = new HashSet<>();
        private Iterable<ConfigurationPropertySource> sources = List.of();

        @Override
        public <T> Bindable<T> onStart(ConfigurationPropertyName name, Bindable<T> target, BindContext context) {
            sources = context.getSources();
            return super.onStart(name, target, context);
        }

        @Override
        public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                Object result) {
            read.add(name);
            return super.onSuccess(name, target, context, result);
        }

        @Override
        public Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                Exception error) throws Exception {
            // A value that was there but wrong (reported by the bind itself) is not also an unknown key.
            read.add(name);
            return super.onFailure(name, target, context, error);
        }
    }

    private final Map<String, ConfigurationMetadataProperty> deprecated;

    UnknownSettings(Map<String, ConfigurationMetadataProperty> deprecated) {
        this.deprecated = deprecated;
    }

    /** With the deprecations of every configuration metadata file on the class path (Boot's and ours). */
    static UnknownSettings fromClassPath() {
        ConfigurationMetadataRepositoryJsonBuilder builder = ConfigurationMetadataRepositoryJsonBuilder.create();
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources(METADATA)) {
                try (InputStream in = resource.getInputStream()) {
                    builder.withJsonResource(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the configuration metadata", e);
        }
        Map<String, ConfigurationMetadataProperty> deprecated = new LinkedHashMap<>();
        builder.build().getAllProperties().forEach((id, property) -> {
            if (property.isDeprecated()) {
                deprecated.put(id, property);
            }
        });
        return new UnknownSettings(deprecated);
    }

    /**
     * Deprecated keys set anywhere, then {@value #PREFIX} keys the bind behind {@code names} did not read; each key
     * once, in the order of the sources (most important first).
     */
    List<Finding> find(ReadNames names) {
        Map<String, Finding> findings = new LinkedHashMap<>();
        for (ConfigurationPropertySource source : names.sources) {
            if (isMigrated(source)) {
                continue;
            }
            deprecated.forEach((id, metadata) -> {
                ConfigurationProperty property = property(source, name(id));
                if (isSet(property)) {
                    Deprecation deprecation = metadata.getDeprecation();
                    String replacement = blankToNull(deprecation.getReplacement());
                    String reason = blankToNull(deprecation.getReason());
                    findings.putIfAbsent(canonical(id), new Finding(id, origin(property), replacement,
                            replacement == null && reason == null ? "no reason given" : reason));
                }
            });
        }
        Set<String> read = new HashSet<>();
        names.read.forEach(name -> read.add(canonical(name.toString())));
        ConfigurationPropertyName prefix = ConfigurationPropertyName.of(PREFIX);
        for (ConfigurationPropertySource source : names.sources) {
            if (!(source instanceof IterableConfigurationPropertySource iterable) || isMigrated(source)) {
                continue;
            }
            iterable.stream().filter(prefix::isAncestorOf)
                    .filter(name -> !names.read.contains(name) && !read.contains(canonical(name.toString())))
                    .filter(name -> !isOverriddenElement(name, names.read))
                    .filter(name -> isSet(property(source, name)))
                    .forEach(name -> findings.putIfAbsent(canonical(name.toString()),
                            new Finding(name.toString(), origin(property(source, name)), null, null)));
        }
        return new ArrayList<>(findings.values());
    }

    /** A list element from a source that lost to a whole list given elsewhere (as {@code NoUnboundElements...}). */
    private static boolean isOverriddenElement(ConfigurationPropertyName name, Set<ConfigurationPropertyName> read) {
        if (!name.isLastElementIndexed()) {
            return false;
        }
        for (ConfigurationPropertyName parent = name.getParent(); !parent.isEmpty(); parent = parent.getParent()) {
            if (read.contains(parent)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMigrated(ConfigurationPropertySource source) {
        return source.getUnderlyingSource() instanceof PropertySource<?> underlying
                && underlying.getName().startsWith(MIGRATED_SOURCE_PREFIX);
    }

    private static ConfigurationProperty property(ConfigurationPropertySource source, ConfigurationPropertyName name) {
        try {
            return source.getConfigurationProperty(name);
        } catch (RuntimeException e) {
            return null; // an unresolvable placeholder: the bind reports it
        }
    }

    private static ConfigurationPropertyName name(String id) {
        return ConfigurationPropertyName.isValid(id) ? ConfigurationPropertyName.of(id)
                : ConfigurationPropertyName.adapt(id, '.');
    }

    private static String origin(ConfigurationProperty property) {
        return property == null || property.getOrigin() == null ? null : property.getOrigin().toString();
    }

    /**
     * One spelling for the relaxed forms of a name: an environment variable written with underscores where the key
     * has dashes ({@code GATEWAY_EIGHTBYEIGHT_API_KEY}) reaches us as {@code gateway.eightbyeight.api.key}.
     */
    static String canonical(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "").replace(".", "").replace("_", "");
    }

    /** Empty is unset: docker compose passes an unset variable on as an empty one. */
    private static boolean isSet(ConfigurationProperty property) {
        return property != null && !String.valueOf(property.getValue()).isBlank();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
