package com.example.voicegateway.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * {@link NulRule} for JSON request bodies: every string the strict reader builds (a field, a list element, a map
 * key or value) goes through here, so no controller or validator has to remember it. The failure carries the
 * field's path like every other databind failure, and {@code GlobalProblemHandler} names it.
 */
public final class NulRefusingStrings extends SimpleModule {

    private static final long serialVersionUID = 1L;

    public NulRefusingStrings() {
        super("nul-refusing-strings");
        addDeserializer(String.class, new Strings());
        addKeyDeserializer(String.class, new Keys());
    }

    /** A string that holds NUL; databind adds the path as it unwinds. */
    static final class NulInText extends MismatchedInputException {

        private static final long serialVersionUID = 1L;

        NulInText(JsonParser parser) {
            super(parser, "A string holds NUL (U+0000)", String.class);
        }
    }

    private static final class Strings extends StdScalarDeserializer<String> {

        Strings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            // Jackson's own reading, coercion rules included; only the result is checked.
            String value = StringDeserializer.instance.deserialize(parser, context);
            if (NulRule.holdsNul(value)) {
                throw new NulInText(parser);
            }
            return value;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }

        @Override
        public Object getEmptyValue(DeserializationContext context) {
            return "";
        }
    }

    private static final class Keys extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext context) {
            if (NulRule.holdsNul(key)) {
                throw new NulInText(context.getParser());
            }
            return key;
        }
    }
}
