package com.example.voicegateway.config;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The mapper for 8x8's JSON, both ways. 8x8's pages disagree on key case ({@code callA}/{@code CallA}), on types
 * ({@code errorCode} as a number or a string) and add fields at will, and a webhook must be answered whatever
 * arrived: so names match in any case, unknown fields are ignored, and a text, whole number, decimal or instant
 * that cannot be read is absent (null), never a failure of the whole body. Writing keeps decimals plain
 * ({@code 1.5}, never {@code 1.5E0}), as 8x8's examples are.
 *
 * <p>Not a default candidate, so Boot's strict application mapper ({@link StrictJsonConfiguration}) stays the one
 * every unqualified injection point and the web layer get; {@link EightByEightJson} asks for this one.
 */
@Configuration(proxyBeanMethods = false)
public class EightByEightJsonConfiguration {

    @Bean(defaultCandidate = false)
    @EightByEightJson
    JsonMapper eightByEightJsonMapper() {
        return mapper();
    }

    /** The mapper itself, for code and tests that run without the application context. */
    public static JsonMapper mapper() {
        // Built from scratch on purpose: Boot's builder carries the strict rules for our own API.
        return JsonMapper.builder()
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .addModule(new SimpleModule("eightbyeight-lenient-values")
                        .addDeserializer(String.class, new Text())
                        .addDeserializer(Integer.class, new WholeNumber())
                        .addDeserializer(Double.class, new Decimal())
                        .addDeserializer(Instant.class, new Moment()))
                .addHandler(new OddShapesAbsent())
                .build();
    }

    /**
     * A value of the wrong shape (text where an object or a list belongs, a list where an object belongs) is absent,
     * like an unreadable scalar, instead of failing the whole body.
     */
    static final class OddShapesAbsent extends DeserializationProblemHandler {
        @Override
        public Object handleUnexpectedToken(DeserializationContext context, JavaType targetType, JsonToken token,
                JsonParser parser, String failureMessage) {
            parser.skipChildren();
            return null;
        }

        @Override
        public Object handleMissingInstantiator(DeserializationContext context, Class<?> type,
                ValueInstantiator instantiator, JsonParser parser, String message) {
            parser.skipChildren();
            return null;
        }
    }

    /** Any scalar as the text it was sent as ({@code 42} is "42"); an object or an array is no text. */
    static final class Text extends ValueDeserializer<String> {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.currentToken().isScalarValue()) {
                return parser.currentToken() == JsonToken.VALUE_NULL ? null : parser.getString();
            }
            parser.skipChildren();
            return null;
        }
    }

    /**
     * A whole number sent as a number or as text ({@code -2004}, {@code "-2004"}, {@code 12.0}, {@code "12.0"});
     * anything else is absent, {@code 12.5} as much as {@code "12.5"}: a number that is not whole is no whole number,
     * and truncating it would invent a code 8x8 never sent. Numbers are read by their text, so both forms agree.
     */
    static final class WholeNumber extends ValueDeserializer<Integer> {
        @Override
        public Integer deserialize(JsonParser parser, DeserializationContext context) {
            String text = scalarText(parser);
            // Anything longer is no int; it also keeps BigDecimal away from absurd exponents.
            if (text == null || text.length() > 32) {
                return null;
            }
            try {
                return new BigDecimal(text).intValueExact();
            } catch (NumberFormatException | ArithmeticException notWhole) {
                return null;
            }
        }
    }

    /** A decimal sent as a number or as text; NaN and the infinities (no JSON numbers) are absent. */
    static final class Decimal extends ValueDeserializer<Double> {
        @Override
        public Double deserialize(JsonParser parser, DeserializationContext context) {
            JsonToken token = parser.currentToken();
            Double value;
            if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                value = parser.getValueAsDouble();
            } else {
                String text = scalarText(parser);
                try {
                    value = text == null ? null : Double.valueOf(text);
                } catch (NumberFormatException notANumber) {
                    return null;
                }
            }
            return value == null || value.isNaN() || value.isInfinite() ? null : value;
        }
    }

    /**
     * ISO 8601 with or without offset (8x8 sends {@code 2024-03-25T06:01:30Z}), without one read as UTC (8x8 works
     * in UTC), or epoch milliseconds; {@code 1e300} is no epoch millisecond.
     */
    static final class Moment extends ValueDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                double millis = parser.getValueAsDouble();
                return millis >= Long.MIN_VALUE && millis <= Long.MAX_VALUE
                        ? Instant.ofEpochMilli(parser.getValueAsLong()) : null;
            }
            String text = scalarText(parser);
            if (text == null) {
                return null;
            }
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException notInstant) {
                try {
                    return OffsetDateTime.parse(text).toInstant();
                } catch (DateTimeParseException notOffset) {
                    try {
                        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
                    } catch (DateTimeParseException unreadable) {
                        return null;
                    }
                }
            }
        }
    }

    /** A scalar's text, trimmed; JSON null, blanks, the string "null" and containers are none. */
    private static String scalarText(JsonParser parser) {
        JsonToken token = parser.currentToken();
        if (!token.isScalarValue()) {
            parser.skipChildren();
            return null;
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        String text = parser.getString().trim();
        return text.isEmpty() || text.toLowerCase(Locale.ROOT).equals("null") ? null : text;
    }
}
