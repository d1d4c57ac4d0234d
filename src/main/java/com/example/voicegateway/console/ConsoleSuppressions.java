package com.example.voicegateway.console;

import com.example.voicegateway.auth.Caller;
import com.example.voicegateway.config.ClientPolicies;
import com.example.voicegateway.suppression.SuppressionPage;
import com.example.voicegateway.suppression.SuppressionRequest;
import com.example.voicegateway.suppression.SuppressionView;
import com.example.voicegateway.suppression.Suppressions;
import com.example.voicegateway.web.FieldViolation;
import com.example.voicegateway.web.InvalidRequestException;
import com.example.voicegateway.web.PageQuery;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * The do-not-call lists in the console: an operator reads the global list or a client's, adds to and removes from the
 * global one. Each change goes through the suppression feature as an ops key's would, audited under the operator's
 * key name.
 */
@Component
class ConsoleSuppressions {

    private static final Logger log = LoggerFactory.getLogger(ConsoleSuppressions.class);
    static final int PAGE_SIZE = 50;

    /** What an add or remove came to: a notice, or the problems in words. */
    record Result(String notice, List<String> problems) {
    }

    private final Suppressions suppressions;
    private final ClientPolicies clients;

    ConsoleSuppressions(Suppressions suppressions, ClientPolicies clients) {
        this.suppressions = suppressions;
        this.clients = clients;
    }

    /** The clients whose lists an operator may read: every configured client key, by name. */
    List<String> clients() {
        return clients.apiKeys().keySet().stream().sorted().toList();
    }

    /** The global list ({@code client} blank) or a client's, narrowed to one number when one is given. */
    SuppressionPage list(String operator, String client, String destination, int page) {
        return suppressions.list(Caller.operator(operator), blankIsNone(client), blankIsNone(destination),
                new PageQuery(Math.max(0, Math.min(page, PageQuery.MAX_PAGE)), PAGE_SIZE));
    }

    /** Adds to the global list; {@code expiresAt} as the form's datetime-local, in UTC. */
    Result add(String operator, String destination, String reason, String expiresAt) {
        Instant expiry = null;
        if (expiresAt != null && !expiresAt.isBlank()) {
            try {
                expiry = LocalDateTime.parse(expiresAt).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                return new Result(null, List.of("Expires: must be a date and time, like 2027-01-31T18:00"));
            }
        }
        try {
            Suppressions.Added added = suppressions.add(Caller.operator(operator), new SuppressionRequest(
                    destination == null ? null : destination.strip(), reason, expiry), SuppressionView.Origin.CONSOLE);
            log.info("Console: {} put a number on the global do-not-call list", operator);
            return new Result((added.created() ? "Added " : "Renewed ") + added.entry().destination()
                    + " on the global do-not-call list: no client's message to it is called.", List.of());
        } catch (InvalidRequestException refused) {
            return new Result(null, words(refused.violations()));
        }
    }

    /** Takes a number off the global list. */
    Result remove(String operator, String destination) {
        try {
            suppressions.remove(Caller.operator(operator), destination);
            log.info("Console: {} took a number off the global do-not-call list", operator);
            return new Result("Removed " + destination + " from the global do-not-call list.", List.of());
        } catch (InvalidRequestException refused) {
            return new Result(null, words(refused.violations()));
        } catch (ErrorResponseException notThere) {
            return new Result(null, List.of(notThere.getBody().getDetail()));
        }
    }

    private static List<String> words(List<FieldViolation> violations) {
        return violations.stream().map(v -> label(v.field()) + ": " + v.message()).toList();
    }

    private static String label(String field) {
        return switch (field) {
            case "destination" -> "Number";
            case "reason" -> "Reason";
            case "expiresAt" -> "Expires";
            default -> field;
        };
    }

    private static String blankIsNone(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
