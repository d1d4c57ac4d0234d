package com.example.voicegateway.message.internal;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * A request's {@code deliveryWindow} when the field is present: a window, or {@code null} sent on purpose to opt out
 * of a default window. A missing field is a null {@code WindowChoice}; neither {@code Optional} nor a tree tells the
 * two apart when Jackson builds a record.
 */
@JsonDeserialize(using = WindowChoice.Reader.class)
record WindowChoice(DeliveryWindowRequest window) {

    static final WindowChoice NO_WINDOW = new WindowChoice(null);

    static final class Reader extends ValueDeserializer<WindowChoice> {

        @Override
        public WindowChoice deserialize(JsonParser parser, DeserializationContext context) {
            return new WindowChoice(context.readValue(parser, DeliveryWindowRequest.class));
        }

        @Override
        public WindowChoice getNullValue(DeserializationContext context) {
            return NO_WINDOW;
        }

        @Override
        public Object getAbsentValue(DeserializationContext context) {
            return null;
        }
    }
}
