package com.example.voicegateway.config;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %m} with {@link LogSafe}: the whole message, not only its arguments, because values also reach messages
 * by concatenation, in our code and in libraries. One event is one line; a message of several lines (Boot's
 * start-up failure report) shows its line breaks as {@code \n}.
 */
public class EscapedMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return LogSafe.escape(super.convert(event));
    }
}
