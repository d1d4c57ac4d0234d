package com.example.voicegateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every refusal has a body. Whatever answered a 4xx or 5xx without writing one (actuator's 404 for an unknown
 * metric or health group, a {@code ResponseEntity.status(..).build()}) has it turned into the container's error
 * page, which {@link ProblemErrorController} answers as problem+json: one place, whoever forgot.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class EmptyRefusalFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        BodyWatch watched = new BodyWatch(response);
        chain.doFilter(request, watched);
        if (request.isAsyncStarted()) {
            return;
        }
        if (watched.refusedWithoutBody() && !response.isCommitted()) {
            response.sendError(response.getStatus());
        } else if (watched.flushHeld) {
            response.flushBuffer();
        }
    }

    /** Notes whether anything began a body; holds back a flush that would commit an empty refusal. */
    private static final class BodyWatch extends HttpServletResponseWrapper {

        private boolean body;
        private boolean flushHeld;

        BodyWatch(HttpServletResponse response) {
            super(response);
        }

        boolean refusedWithoutBody() {
            return !body && getStatus() >= 400;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            body = true;
            return super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            body = true;
            return super.getWriter();
        }

        @Override
        public void sendError(int status) throws IOException {
            // The container's error page writes the body.
            body = true;
            super.sendError(status);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            body = true;
            super.sendError(status, message);
        }

        @Override
        public void flushBuffer() throws IOException {
            if (refusedWithoutBody()) {
                flushHeld = true;
                return;
            }
            super.flushBuffer();
        }
    }
}
