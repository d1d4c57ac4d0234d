package com.example.voicegateway.config;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.pattern.DynamicConverter;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Makes every text log line safe from values that came from outside, at every call site at once: the pattern's
 * message ({@code %m}) and exception ({@code %wEx}, {@code %ex}) conversion words are replaced by
 * {@link EscapedMessageConverter} and {@link EscapedThrowableConverter}, whatever the pattern (Boot's default or
 * {@code logging.pattern.*}). Boot sets logback up in code, without a way to add conversion words, so this runs
 * right after it (on the same event, next in order): the words go into the logger context's registry and the
 * pattern encoders are restarted to read them. JSON logs ({@code logging.structured.format.*}) need nothing: their
 * encoder escapes. Registered in {@code META-INF/spring.factories}.
 */
public class LogLineEscaping implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    private static final String INSTALLED = LogLineEscaping.class.getName();
    private static final List<String> MESSAGE_WORDS = List.of("m", "msg", "message");
    private static final List<String> PADDED_THROWABLE_WORDS = List.of("wEx", "wex");
    private static final List<String> THROWABLE_WORDS = List.of("ex", "exception", "throwable", "xEx", "xException",
            "xThrowable");

    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        install();
    }

    /** Idempotent: a logger context Boot set up again (and so emptied) gets the words again. */
    static void install() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)
                || context.getObject(INSTALLED) != null) {
            return;
        }
        Map<String, Supplier<DynamicConverter>> words = registry(context);
        MESSAGE_WORDS.forEach(word -> words.put(word, EscapedMessageConverter::new));
        PADDED_THROWABLE_WORDS.forEach(word -> words.put(word, () -> new EscapedThrowableConverter(true)));
        THROWABLE_WORDS.forEach(word -> words.put(word, () -> new EscapedThrowableConverter(false)));
        context.putObject(INSTALLED, Boolean.TRUE);
        for (Logger logger : context.getLoggerList()) {
            for (Iterator<Appender<ILoggingEvent>> appenders = logger.iteratorForAppenders(); appenders.hasNext();) {
                if (appenders.next() instanceof OutputStreamAppender<ILoggingEvent> appender
                        && appender.getEncoder() instanceof PatternLayoutEncoder encoder && encoder.isStarted()) {
                    // A start builds a new layout, which resolves the pattern's words from the registry.
                    encoder.stop();
                    encoder.start();
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Supplier<DynamicConverter>> registry(LoggerContext context) {
        Object registry = context.getObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS);
        if (registry == null) {
            registry = new HashMap<String, Supplier<DynamicConverter>>();
            context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, registry);
        }
        return (Map<String, Supplier<DynamicConverter>>) registry;
    }
}
