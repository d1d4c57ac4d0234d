package com.example.voicegateway.config;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.CoreConstants;

/**
 * A stack trace whose exception messages are written with {@link LogSafe}: a message can quote input (a parser's,
 * a driver's), and only the trace's own lines may start a line. {@code padded} is Boot's {@code %wEx}: the trace
 * set apart by line breaks.
 */
public class EscapedThrowableConverter extends ExtendedThrowableProxyConverter {

    private final boolean padded;

    public EscapedThrowableConverter(boolean padded) {
        this.padded = padded;
    }

    @Override
    protected String throwableProxyToString(IThrowableProxy throwable) {
        String trace = super.throwableProxyToString(new EscapedMessages(throwable));
        return padded ? CoreConstants.LINE_SEPARATOR + trace + CoreConstants.LINE_SEPARATOR : trace;
    }

    /** The throwable as logback sees it, with its message (and its causes' and suppressed ones') escaped. */
    private record EscapedMessages(IThrowableProxy throwable) implements IThrowableProxy {

        @Override
        public String getMessage() {
            return LogSafe.escape(throwable.getMessage());
        }

        @Override
        public String getOverridingMessage() {
            return LogSafe.escape(throwable.getOverridingMessage());
        }

        @Override
        public String getClassName() {
            return throwable.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return throwable.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return throwable.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return throwable.getCause() == null ? null : new EscapedMessages(throwable.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = throwable.getSuppressed();
            if (suppressed == null) {
                return null;
            }
            IThrowableProxy[] escaped = new IThrowableProxy[suppressed.length];
            for (int i = 0; i < suppressed.length; i++) {
                escaped[i] = new EscapedMessages(suppressed[i]);
            }
            return escaped;
        }

        @Override
        public boolean isCyclic() {
            return throwable.isCyclic();
        }
    }
}
