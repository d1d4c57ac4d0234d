package com.example.voicegateway.config;

import com.example.voicegateway.web.NulRefusingStrings;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Requests are read strictly: an unknown field, a number sent as a string or a fraction for a whole number is a
 * 400, never silently coerced. This is Boot's auto-configured mapper, the one every unqualified injection point and
 * the web layer get; 8x8's JSON has a mapper of its own ({@link EightByEightJsonConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

    @Bean
    JsonMapperBuilderCustomizer strictJsonReading() {
        return builder -> builder
                // The last of two "destination"s would win unseen: a request that says two things is refused.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .addModule(new SimpleModule("strict-instants").addDeserializer(Instant.class, new StrictInstant()))
                // One rule for every string of a body: no NUL, which PostgreSQL cannot store (web.NulRule).
                .addModule(new NulRefusingStrings())
                // "0" for HIGH (an index), " HIGH" (trimmed): an enum is one of its exact names, nothing else.
                .addModule(new SimpleModule("exact-enum-names").setDeserializerModifier(new ExactEnumNames()))
                // "" or " " for a number, a boolean or an instant is not "the default": it is refused.
                .withCoercionConfigDefaults(c -> c.setAcceptBlankAsEmpty(false))
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .withCoercionConfig(LogicalType.Textual, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Integer, c -> c
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Float, c -> c
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, c -> c
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.DateTime, c -> c
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Enum, c -> c
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail));
    }

    /** Puts {@link ExactEnumName} in front of every enum's deserializer. */
    static final class ExactEnumNames extends ValueDeserializerModifier {

        private static final long serialVersionUID = 1L;

        @Override
        public ValueDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                BeanDescription.Supplier description, ValueDeserializer<?> deserializer) {
            return new ExactEnumName(type.getRawClass(), deserializer);
        }
    }

    /**
     * Lets only a string that is exactly a constant's name (or null) through to Jackson's enum deserializer, which
     * would also take an index ({@code 0}, {@code "2"}) and trim ({@code " HIGH"}); anything else fails as a value
     * of the wrong form, which the problem answer names with the allowed values.
     */
    static final class ExactEnumName extends DelegatingDeserializer {

        private final Class<?> type;
        private final Set<String> names;

        ExactEnumName(Class<?> type, ValueDeserializer<?> delegate) {
            super(delegate);
            this.type = type;
            this.names = Arrays.stream(type.getEnumConstants()).map(constant -> ((Enum<?>) constant).name())
                    .collect(Collectors.toUnmodifiableSet());
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            return new ExactEnumName(type, delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                String name = parser.getString();
                return names.contains(name) ? super.deserialize(parser, context)
                        : context.handleWeirdStringValue(type, name, "not one of the names");
            }
            if (parser.hasToken(JsonToken.VALUE_NULL)) {
                return super.deserialize(parser, context);
            }
            return context.handleUnexpectedToken(type, parser);
        }
    }

    /**
     * An instant only as ISO-8601 text. Jackson reads a number as epoch seconds (or milliseconds, depending on a
     * setting), a guess the README promises we never make; the coercion settings above do not reach that path.
     */
    static final class StrictInstant extends ValueDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (Instant) context.handleUnexpectedToken(Instant.class, parser);
            }
            return InstantDeserializer.INSTANT.deserialize(parser, context);
        }
    }
}
