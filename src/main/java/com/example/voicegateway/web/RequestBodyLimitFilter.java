package com.example.voicegateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses bodies over 64 KiB with 413 (8 MiB for {@code POST /broadcasts}): at once when Content-Length says so, and
 * while reading when a chunked body runs over, so no request can make the service buffer an unbounded body.
 *
 * <p>Tomcat reads a form body itself, past any stream wrapper, the first time anything asks for a parameter (on
 * {@code /console/login}, Spring Security's sign-in filter). So a form is parsed here, before any other filter,
 * within {@link TomcatBodyLimits}'s matching {@code maxPostSize}. Tomcat parses a multipart body itself too, so only
 * {@code POST /broadcasts} (a CSV file of recipients) takes one, within {@link MultipartLimits}' limit, which is this
 * path's; everywhere else a multipart body is refused unread, so no multipart parser ever buffers one there.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestBodyLimitFilter extends OncePerRequestFilter {

    static final int MAX_BODY_BYTES = 64 * 1024;
    /** {@code POST /broadcasts}: 10,000 recipients with their references and variables. */
    static final int MAX_BROADCAST_BODY_BYTES = 8 * 1024 * 1024;

    private final ProblemResponses problems;

    RequestBodyLimitFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limitFor(request);
        if (request.getContentLengthLong() > limit) {
            problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "Content Too Large", tooLarge(limit));
            return;
        }
        if (isMultipart(request) && !(isBroadcastIntake(request) && isFormData(request))) {
            problems.write(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type",
                    "Only POST /broadcasts takes multipart/form-data (a CSV file of recipients): send JSON here (the"
                            + " console's sign-in form is application/x-www-form-urlencoded).");
            return;
        }
        if (isForm(request)) {
            try {
                request.getParameterMap();
            } catch (InvalidParameterException e) {
                if (e.getErrorCode() == HttpStatus.CONTENT_TOO_LARGE.value()) {
                    problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "Content Too Large", tooLarge());
                } else {
                    problems.badParameter(request, response, "form",
                            "is not valid percent-encoded UTF-8 (RFC 3986), or has too many parameters");
                }
                return;
            }
        }
        chain.doFilter(new LimitedRequest(request, limit), response);
    }

    /** A broadcast's body may be larger than any other; everything else stays within 64 KiB. */
    private static long limitFor(HttpServletRequest request) {
        return isBroadcastIntake(request) ? MAX_BROADCAST_BODY_BYTES : MAX_BODY_BYTES;
    }

    private static boolean isBroadcastIntake(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && "/broadcasts".equals(request.getRequestURI());
    }

    static boolean isMultipart(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.regionMatches(true, 0, "multipart/", 0, "multipart/".length());
    }

    /** The one multipart type an endpoint takes; Tomcat's parser and Spring's resolver would try any multipart/*. */
    private static boolean isFormData(HttpServletRequest request) {
        String type = request.getContentType();
        int length = MediaType.MULTIPART_FORM_DATA_VALUE.length();
        return type.regionMatches(true, 0, MediaType.MULTIPART_FORM_DATA_VALUE, 0, length)
                && (type.length() == length || type.charAt(length) == ';' || type.charAt(length) == ' ');
    }

    /** What Tomcat parses into parameters: a POSTed form (its default parseBodyMethods). */
    private static boolean isForm(HttpServletRequest request) {
        String type = request.getContentType();
        return "POST".equals(request.getMethod()) && type != null && type.regionMatches(true, 0,
                MediaType.APPLICATION_FORM_URLENCODED_VALUE, 0, MediaType.APPLICATION_FORM_URLENCODED_VALUE.length());
    }

    static String tooLarge() {
        return tooLarge(MAX_BODY_BYTES);
    }

    static String tooLarge(long limit) {
        return "The request body is larger than " + (limit >= 1024 * 1024 ? limit / (1024 * 1024) + " MiB."
                : limit / 1024 + " KiB.");
    }

    /** Thrown while reading a body that outgrew the limit; mapped to 413 by {@link GlobalProblemHandler}. */
    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(long limit) {
            super(tooLarge(limit));
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private ServletInputStream limited;
        private final long limit;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (limited == null) {
                limited = new LimitedInputStream(super.getInputStream(), limit);
            }
            return limited;
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private final long limit;
        private long read;

        LimitedInputStream(ServletInputStream delegate, long limit) {
            this.delegate = delegate;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > limit) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
