package com.example.voicegateway.config;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.AssertTrue;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Every settings record of the gateway (each feature's {@code @ConfigurationProperties} record, found on the class
 * path so that {@code config} depends on no feature), bound and checked by Bean Validation before any bean exists. A
 * record is bound whatever the profile (the sandbox's too), so that its keys never count as unknown. Each problem is
 * one phrase naming its key: {@code <key> <message>, was <value>} (never the value of a secret); a cross-setting
 * {@link AssertTrue} message starts with the key it is about, relative to the record's prefix.
 */
final class SettingsRecords {

    private static final String BASE_PACKAGE = "com.example.voicegateway";
    /** Components whose values are never written out. */
    private static final Pattern SECRET = Pattern.compile("(?i).*(key|keys|secret|authorization)$");

    private static volatile List<Class<?>> types;

    /** The bound records by type, and every validation problem, each naming its key. */
    record Bound(Map<Class<?>, Object> values, List<String> problems, List<String> unreadablePrefixes) {

        <T> T get(Class<T> type) {
            return type.cast(values.get(type));
        }
    }

    private SettingsRecords() {
    }

    static Bound bindAll(Binder binder, BindHandler handler) {
        Map<Class<?>, Object> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        // English whatever the host's locale: the one line is read beside English logs and docs.
        try (ValidatorFactory factory = Validation.byDefaultProvider().configure()
                .messageInterpolator(new LocaleMessageInterpolator(Locale.ENGLISH)).buildValidatorFactory()) {
            Validator validator = factory.getValidator();
            for (Class<?> type : types()) {
                String prefix = prefix(type);
                Object value;
                try {
                    value = binder.bindOrCreate(prefix, Bindable.of(type), handler);
                } catch (BindException e) {
                    // A value that does not convert (abc for a duration): named here, first, so that the record
                    // counted as missing does not read as "not set" to the live check.
                    problems.add(unreadable(prefix, e));
                    unreadable.add(prefix);
                    continue;
                }
                values.put(type, value);
                validator.validate(value).stream()
                        .map(violation -> describe(prefix, violation))
                        .sorted()
                        .forEach(problems::add);
            }
        }
        return new Bound(values, problems, List.copyOf(unreadable));
    }

    /** The key and value that did not convert, and to what; a secret's value is never shown. */
    private static String unreadable(String prefix, BindException e) {
        String key = e.getProperty() != null ? e.getProperty().getName().toString() : prefix;
        Object value = e.getProperty() != null ? e.getProperty().getValue() : null;
        String shown = value == null || SECRET.matcher(key).matches() ? "" : " '" + value + "'";
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return key + shown + " cannot be read: " + cause.getMessage();
    }

    /** Interpolates in one locale, whatever the JVM's default. */
    private record LocaleMessageInterpolator(Locale locale) implements jakarta.validation.MessageInterpolator {

        private static final jakarta.validation.MessageInterpolator DEFAULT = Validation.byDefaultProvider()
                .configure().getDefaultMessageInterpolator();

        @Override
        public String interpolate(String template, Context context) {
            return DEFAULT.interpolate(template, context, locale);
        }

        @Override
        public String interpolate(String template, Context context, Locale ignored) {
            return DEFAULT.interpolate(template, context, locale);
        }
    }

    /** The settings records, in a stable order (by prefix, then name). */
    static List<Class<?>> types() {
        List<Class<?>> found = types;
        if (found == null) {
            // Every record, whatever its profile: a sandbox key set without the profile is not an unknown key.
            StandardEnvironment everyProfile = new StandardEnvironment() {
                @Override
                protected boolean isProfileActive(String profile) {
                    return true;
                }
            };
            ClassPathScanningCandidateComponentProvider scanner =
                    new ClassPathScanningCandidateComponentProvider(false, everyProfile);
            scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
            List<Class<?>> list = new ArrayList<>();
            for (BeanDefinition candidate : scanner.findCandidateComponents(BASE_PACKAGE)) {
                list.add(ClassUtils.resolveClassName(candidate.getBeanClassName(),
                        SettingsRecords.class.getClassLoader()));
            }
            list.sort(Comparator.comparing((Class<?> type) -> prefix(type)).thenComparing(Class::getName));
            found = List.copyOf(list);
            types = found;
        }
        return found;
    }

    static String prefix(Class<?> type) {
        ConfigurationProperties annotation = MergedAnnotations.from(type).get(ConfigurationProperties.class)
                .synthesize();
        return annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
    }

    static String describe(String prefix, ConstraintViolation<?> violation) {
        List<String> keys = new ArrayList<>();
        String leaf = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.isInIterable()) {
                keys.add(node.getIndex() != null ? "[" + node.getIndex() + "]" : "." + node.getKey());
            }
            String name = node.getName();
            if (name != null && !name.isEmpty() && !name.startsWith("<")) {
                keys.add("." + kebab(name));
                leaf = name;
            }
        }
        boolean rule = violation.getConstraintDescriptor().getAnnotation() instanceof AssertTrue;
        if (rule && !keys.isEmpty()) {
            // The method's property (isXxx) names no key: the message names the keys, relative to the record.
            keys.remove(keys.size() - 1);
            return prefix + String.join("", keys) + "." + violation.getMessage();
        }
        String line = prefix + String.join("", keys) + " " + violation.getMessage();
        Object value = violation.getInvalidValue();
        if (value != null && isScalar(value) && (leaf == null || !SECRET.matcher(leaf).matches())) {
            line += ", was " + value;
        }
        return line;
    }

    private static boolean isScalar(Object value) {
        return value instanceof CharSequence || value instanceof Number || value instanceof Boolean
                || value instanceof Duration || value instanceof URI || value instanceof Enum<?>;
    }

    private static String kebab(String name) {
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
