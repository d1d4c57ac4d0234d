package com.example.voicegateway.suppression;

import com.example.voicegateway.audit.AuditLog;
import com.example.voicegateway.audit.AuditOutcome;
import com.example.voicegateway.auth.Caller;
import com.example.voicegateway.phone.PhoneNumbers;
import com.example.voicegateway.suppression.internal.SuppressionKeyring;
import com.example.voicegateway.suppression.internal.SuppressionNumbers;
import com.example.voicegateway.suppression.internal.SuppressionStore;
import com.example.voicegateway.web.FieldViolation;
import com.example.voicegateway.web.InvalidRequestException;
import com.example.voicegateway.web.PageQuery;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

/**
 * The do-not-call lists: who keeps which, and every change audited. A client key keeps its own list; an ops key keeps
 * the global one (every client's messages are checked against it) and reads any client's. Used by
 * {@code POST/GET/DELETE /suppressions} and the console; the opt-out key press adds to a client's list through the
 * ledger's event. Intake and the claim read the table themselves (docs/design.md, "Do-not-call lists").
 */
@Service
public class Suppressions {

    /** The latest instant an entry may expire: ISO-8601 as everyone writes it, well inside timestamptz. */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** What a POST did: {@code created} false when the number was on the list already (its entry is renewed). */
    public record Added(SuppressionView entry, boolean created) {
    }

    private final SuppressionStore store;
    private final SuppressionKeyring keys;
    private final SuppressionNumbers numbers;
    private final Validator constraints;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Suppressions(SuppressionStore store, SuppressionKeyring keys, SuppressionNumbers numbers, Validator constraints,
            AuditLog audit, TransactionTemplate transactions, Clock clock) {
        this.transactions = transactions;
        this.store = store;
        this.keys = keys;
        this.numbers = numbers;
        this.constraints = constraints;
        this.audit = audit;
        this.clock = clock;
    }

    /** Puts a number on the caller's list: its own (a client key) or the global one (an ops key). */
    @Transactional
    public Added add(Caller caller, SuppressionRequest request, SuppressionView.Origin origin) {
        if (request == null) {
            throw new InvalidRequestException(List.of(new FieldViolation("body", "must be a JSON object")));
        }
        Instant now = now();
        List<FieldViolation> errors = new ArrayList<>();
        constraints.validate(request).forEach(violation -> errors.add(FieldViolation.of(violation)));
        String owner = owner(caller);
        String destination = numbers.read("destination", request.destination(), owner, errors);
        if (request.reason() != null && unreadable(request.reason()) != null) {
            errors.add(new FieldViolation("reason", unreadable(request.reason())));
        }
        if (request.expiresAt() != null && (!request.expiresAt().isAfter(now) || request.expiresAt().isAfter(LATEST))) {
            errors.add(new FieldViolation("expiresAt", "must be in the future, at most " + LATEST));
        }
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldViolation::field).thenComparing(FieldViolation::message));
            throw new InvalidRequestException(errors);
        }
        String key = keys.keyOf(destination);
        boolean existed = store.lock(owner, key).filter(e -> e.inForce(now)).isPresent();
        SuppressionStore.Entry entry = store.put(new SuppressionStore.Entry(UUID.randomUUID(), owner, destination,
                request.reason().strip(), origin, caller.name(), now, request.expiresAt(), null, null), key);
        audit.record(caller.name(), existed ? "suppression.renew" : "suppression.add", null, AuditOutcome.SUCCEEDED,
                describe(owner, destination) + (request.expiresAt() == null ? ", no expiry"
                        : ", until " + request.expiresAt()));
        return new Added(entry.view(), !existed);
    }

    /**
     * The number the person on a call asked not to be called on again goes on the client's list, audited. In the
     * transaction of the key press (the ledger's event); the entry names the message.
     */
    public void optedOut(String clientName, String destination, UUID messageId, int callNumber, Instant at) {
        String key = keys.keyOf(destination);
        store.lock(clientName, key);
        store.put(new SuppressionStore.Entry(UUID.randomUUID(), clientName, destination,
                "The person pressed the opt-out key on call " + callNumber + " of message " + messageId + ".",
                SuppressionView.Origin.KEY_PRESS, clientName, at, null, messageId, null), key);
        audit.record("opt-out key", "suppression.opt_out", messageId, AuditOutcome.SUCCEEDED,
                describe(clientName, destination) + ", by the person on call " + callNumber);
    }

    /**
     * The caller's list (a client's own; for an ops key the global one, or {@code client}'s), newest first, narrowed
     * to one number when {@code destination} is given.
     */
    @Transactional(readOnly = true)
    public SuppressionPage list(Caller caller, String client, String destination, PageQuery page) {
        List<FieldViolation> errors = new ArrayList<>();
        String owner = readable(caller, client);
        String number = numbers.read("destination", destination, caller.client() ? caller.name() : null, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        Instant now = now();
        String key = number == null ? null : keys.keyOf(number);
        long total = store.count(owner, key, now);
        List<SuppressionView> items = store.page(owner, key, now, page.size(), page.offset()).stream()
                .map(SuppressionStore.Entry::view).toList();
        return new SuppressionPage(items, page.page(), page.size(), total,
                (int) ((total + page.size() - 1) / page.size()));
    }

    /**
     * Takes a number off the caller's list; 404 when it is not on it. The removal and its audit row commit together;
     * a refusal is audited on its own (nothing changed to roll back with it).
     */
    public void remove(Caller caller, String destination) {
        List<FieldViolation> errors = new ArrayList<>();
        String owner = owner(caller);
        String number = numbers.read("destination", destination, owner, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        Boolean removed = transactions.execute(tx -> {
            if (store.remove(owner, keys.keyOf(number)).isEmpty()) {
                return false;
            }
            audit.record(caller.name(), "suppression.remove", null, AuditOutcome.SUCCEEDED, describe(owner, number));
            return true;
        });
        if (!Boolean.TRUE.equals(removed)) {
            audit.record(caller.name(), "suppression.remove", null, AuditOutcome.REFUSED,
                    describe(owner, number) + ": not on the list");
            throw notFound(owner == null ? "The number is not on the global do-not-call list."
                    : "The number is not on your do-not-call list.");
        }
    }

    /** Whose list a change goes to: a client key's own (decided by the key, like templates), else the global one. */
    private static String owner(Caller caller) {
        return caller.client() ? caller.name() : null;
    }

    /** Whose list a read shows: a client's own; an ops key the global one or, named, any client's. */
    private static String readable(Caller caller, String client) {
        if (client == null || client.isEmpty()) {
            return owner(caller);
        }
        if (!caller.ops() && !client.equals(caller.name())) {
            throw new ErrorResponseException(HttpStatus.FORBIDDEN, problem(HttpStatus.FORBIDDEN, "Forbidden",
                    "A client key reads its own do-not-call list only; leave out client."), null);
        }
        return client;
    }

    /** For the audit trail and logs: the list and the masked number, never the number itself. */
    private static String describe(String owner, String destination) {
        return (owner == null ? "global list" : "client " + owner + "'s list") + ": " + PhoneNumbers.mask(destination);
    }

    /** What makes a reason unfit to store and show (as intake's rule for texts), or null. */
    private static String unreadable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.getType(c) == Character.CONTROL && c != '\n' && c != '\r' && c != '\t') {
                return "must not contain control characters (found \\u" + String.format("%04x", (int) c) + ")";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must be valid Unicode: it holds a lone surrogate";
            }
        }
        return null;
    }

    static ErrorResponseException notFound(String detail) {
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem(HttpStatus.NOT_FOUND, "Not Found", detail),
                null);
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
