package com.example.voicegateway.webhook;

import com.example.voicegateway.config.IpRanges;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Who may post 8x8's webhooks (session summaries, call actions). 8x8 does not sign webhooks; it sends the webhook's
 * static {@code httpAuthHeader} as {@code Authorization}, so that value is the secret, optionally narrowed to 8x8's
 * published source addresses.
 */
@Component
public class WebhookGuard {

    public enum Verdict { ALLOWED, MISSING_AUTHORIZATION, WRONG_AUTHORIZATION, ADDRESS_NOT_ALLOWED }

    /** The digest of the expected value; null when none is configured, and then nothing gets in. */
    private final byte[] expectedDigest;
    private final byte[] callActionDigest;
    private final IpRanges allowedIps;
    private final IpRanges trustedProxies;

    WebhookGuard(WebhookProperties properties, WebhookAuthorization authorization) {
        // WebhookAuthorization holds one value for the application's life (the sandbox supplies its default as a
        // property before start-up), so its digest is computed once.
        String value = authorization.expectedValue();
        this.expectedDigest = value == null || value.isEmpty() ? null : sha256(value);
        String callAction = authorization.callActionValue();
        this.callActionDigest = callAction == null || callAction.isEmpty() ? null : sha256(callAction);
        this.allowedIps = new IpRanges(properties.allowedIps());
        this.trustedProxies = new IpRanges(properties.trustedProxies());
    }

    Verdict check(HttpServletRequest request) {
        return check(request, expectedDigest);
    }

    /** The Voice Call Action webhook: the same rules, with its own Authorization value. */
    public Verdict checkCallAction(HttpServletRequest request) {
        return check(request, callActionDigest);
    }

    private Verdict check(HttpServletRequest request, byte[] expectedDigest) {
        if (!allowedIps.isEmpty() && !allowedIps.contains(clientAddress(request))) {
            return Verdict.ADDRESS_NOT_ALLOWED;
        }
        String presented = request.getHeader("Authorization");
        if (presented == null || presented.isEmpty()) {
            return Verdict.MISSING_AUTHORIZATION;
        }
        // Digests have one length whatever was sent, so the comparison time tells nothing about the secret.
        boolean matches = MessageDigest.isEqual(sha256(presented), expectedDigest == null ? new byte[32] : expectedDigest);
        return matches && expectedDigest != null ? Verdict.ALLOWED : Verdict.WRONG_AUTHORIZATION;
    }

    /**
     * The sender's address: the direct peer, unless that peer is one of our trusted proxies, in which case the
     * nearest {@code X-Forwarded-For} entry that is not a trusted proxy. A client cannot forge its way in by
     * sending its own X-Forwarded-For, because only entries added by trusted proxies are believed.
     */
    public String clientAddress(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (trustedProxies.isEmpty() || !trustedProxies.contains(peer)) {
            return peer;
        }
        List<String> forwarded = request.getHeaders("X-Forwarded-For") == null ? List.of()
                : java.util.Collections.list(request.getHeaders("X-Forwarded-For")).stream()
                        .flatMap(header -> java.util.Arrays.stream(header.split(",")))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
        for (int i = forwarded.size() - 1; i >= 0; i--) {
            String hop = forwarded.get(i);
            if (!trustedProxies.contains(hop)) {
                return hop;
            }
        }
        return forwarded.isEmpty() ? peer : forwarded.get(0);
    }

    /** The problem answer to a refused delivery: 403 for the address, 401 with a challenge for the header. */
    public static ResponseEntity<ProblemDetail> refusal(HttpServletRequest request, Verdict verdict, String what) {
        return switch (verdict) {
            case ADDRESS_NOT_ALLOWED -> problem(request, HttpStatus.FORBIDDEN, "Forbidden",
                    what + " are accepted only from gateway.webhook.allowed-ips.");
            case MISSING_AUTHORIZATION -> withChallenge(problem(request, HttpStatus.UNAUTHORIZED, "Unauthorized",
                    "Send the webhook's configured Authorization header."));
            default -> withChallenge(problem(request, HttpStatus.UNAUTHORIZED, "Unauthorized",
                    "The Authorization header does not hold the configured webhook value."));
        };
    }

    private static ResponseEntity<ProblemDetail> withChallenge(ResponseEntity<ProblemDetail> response) {
        return ResponseEntity.status(response.getStatusCode())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"8x8 webhooks\"")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(response.getBody());
    }

    static ResponseEntity<ProblemDetail> problem(HttpServletRequest request, HttpStatus status, String title,
            String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
