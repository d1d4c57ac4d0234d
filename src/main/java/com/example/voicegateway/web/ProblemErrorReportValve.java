package com.example.voicegateway.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's own answer to a request it refuses before any application code runs (an undecodable path such as
 * {@code /voice-messages/%ff}, a {@code [} in the query): problem+json like every other error, instead of
 * Tomcat's HTML page naming the server. Installed on the host by {@link TomcatProblemReports}.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String detail = detail(status);
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                        + ",\"detail\":\"" + detail + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client has gone or the response is committed: nothing more to say.
        }
    }

    /**
     * What Tomcat refused, in words. Tomcat answers 501 and 505 for what the client sent (a transfer coding or an
     * HTTP version it does not speak): the client's fault, said as such, never "something went wrong on our side".
     */
    static String detail(int status) {
        return switch (status) {
            case 408 -> "The request did not arrive in time.";
            case 413 -> "The request body is larger than the gateway accepts.";
            case 414 -> "The request target (path and query) is too long.";
            case 417 -> "The Expect header can only be 100-continue.";
            case 431 -> "The request's header lines are too large.";
            case 501 -> "The request asks for something this server does not implement: a Transfer-Encoding other"
                    + " than chunked, or a method such as CONNECT.";
            case 505 -> "The request line names an HTTP version this server does not speak: send HTTP/1.1 (HTTP/2 is"
                    + " never a request line: it is negotiated over TLS).";
            default -> status >= 500 ? "Something went wrong on our side."
                    : "The request was refused before it reached the gateway: it is not a valid HTTP request"
                            + " (RFC 9112/3986), for example an undecodable path or a character that must be encoded.";
        };
    }
}
