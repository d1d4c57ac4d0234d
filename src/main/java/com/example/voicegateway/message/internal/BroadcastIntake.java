package com.example.voicegateway.message.internal;

import com.example.voicegateway.message.BroadcastRegistry;
import com.example.voicegateway.message.IntakeQuota;
import com.example.voicegateway.message.MessagesQueued;
import com.example.voicegateway.schedule.Priority;
import com.example.voicegateway.web.FieldViolation;
import com.example.voicegateway.web.InvalidRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /broadcasts}: every row checked by the rules of a single message, then the broadcast's row and all its
 * messages stored in one transaction (none of it is stored when anything fails, so a crash never leaves half a
 * broadcast), the client's quota counting every recipient.
 */
@Service
class BroadcastIntake {

    /** What intake answers; {@code replayed} when the Idempotency-Key named a broadcast stored before. */
    record Outcome(BroadcastAccepted accepted, boolean replayed, Map<String, String> quotaHeaders) {
    }

    private final VoiceMessageRequestValidator validator;
    private final IntakeWriter writer;
    private final BroadcastRegistry registry;
    private final IntakeQuota quotas;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Clock clock;

    BroadcastIntake(VoiceMessageRequestValidator validator, IntakeWriter writer, BroadcastRegistry registry,
            IntakeQuota quotas, TransactionTemplate transactions, ApplicationEventPublisher events, JsonMapper json,
            Clock clock) {
        this.validator = validator;
        this.writer = writer;
        this.registry = registry;
        this.quotas = quotas;
        this.transactions = transactions;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    /** One recipient as sent: its row (from 1), and what reading it found wrong already (a row of a CSV file). */
    record Row(int number, BroadcastRequest.Recipient recipient, List<InvalidRowsException.RowError> readErrors,
            String destinationHint) {
    }

    /** The JSON form: the shared fields and the recipients in one object. */
    Outcome accept(BroadcastRequest request, String client, String idempotencyKey) {
        checkShape(request, idempotencyKey);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < request.recipients().size(); i++) {
            rows.add(new Row(i + 1, request.recipients().get(i), List.of(), null));
        }
        return accept(request, rows, client, idempotencyKey, () -> fingerprint(json.writeValueAsString(request)));
    }

    /**
     * The file form: the shared fields as a JSON part, the recipients as a CSV part ({@link BroadcastCsv}). The same
     * Idempotency-Key and the same request is the same shared fields and the same bytes of the file.
     *
     * @param shared null when the part is missing
     * @param csvType the CSV part's Content-Type; null when it had none
     * @param csv null when the part is missing
     */
    Outcome acceptFile(BroadcastRequest shared, String csvType, InputStream csv, String client,
            String idempotencyKey) throws IOException {
        List<FieldViolation> errors = new ArrayList<>();
        if (shared == null) {
            errors.add(new FieldViolation("broadcast", "is required: a part of type application/json with the"
                    + " fields all messages share"));
        } else if (shared.recipients() != null) {
            errors.add(new FieldViolation("recipients", "are the CSV part of a file upload, never a field of the"
                    + " broadcast part too"));
        }
        checkKey(idempotencyKey, errors);
        BroadcastCsv.Upload upload = null;
        if (csv == null) {
            errors.add(new FieldViolation(BroadcastCsv.PART, "is required: a part of type text/csv with a header"
                    + " row (destination, clientReference, the template's variables) and a row per person"));
        } else {
            try {
                upload = BroadcastCsv.read(csvType, csv, shared != null && shared.template() != null);
            } catch (InvalidRequestException unreadable) {
                errors.addAll(unreadable.violations());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        String sha256 = upload.sha256();
        return accept(shared, upload.rows(), client, idempotencyKey,
                () -> fingerprint(json.writeValueAsString(shared) + "\n" + sha256));
    }

    private Outcome accept(BroadcastRequest request, List<Row> rows, String client, String idempotencyKey,
            Supplier<String> fingerprinted) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String fingerprint = idempotencyKey == null ? null : fingerprinted.get();
        Checked checked = check(request, rows, client, now);
        int stored = checked.messages().size();
        IntakeQuota.Decision quota = quotas.takeAll(client, stored);
        if (!quota.allowed() && idempotencyKey != null) {
            // A replay of a stored broadcast is answered as usual, never refused by a quota.
            var earlier = registry.findByKey(client, idempotencyKey);
            if (earlier.isPresent()) {
                return replay(earlier.get(), fingerprint, stored, checked.rejected(), quota);
            }
        }
        if (!quota.allowed()) {
            if (quota.retryAfter() == null) {
                throw tooManyForQuota(client, stored);
            }
            throw new QuotaExceededException(client, quota);
        }
        UUID id = MessageIds.next(now.toEpochMilli());
        String callbackUrl = checked.messages().get(0).callbackUrl();
        var broadcast = new BroadcastRegistry.NewBroadcast(id, client, idempotencyKey, fingerprint, stored,
                checked.rejected(), request.priority() == null ? Priority.LOW : request.priority(),
                request.callbacksPerMessage(), callbackUrl, now);
        String messageCallbackUrl = request.callbacksPerMessage() ? callbackUrl : null;
        // Ids made within one millisecond do not sort in the order they were made: given out sorted, in row order, so
        // the broadcast's messages (and its results file) read in the order of its rows.
        List<UUID> ids = checked.messages().stream().map(NewMessage::id).sorted().toList();
        List<NewMessage> messages = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            messages.add(checked.messages().get(i).inBroadcast(id, messageCallbackUrl, ids.get(i)));
        }
        Stored result;
        try {
            result = transactions.execute(tx -> {
                BroadcastRegistry.Registration registration = registry.register(broadcast);
                if (!registration.inserted()) {
                    return new Stored(registration, 0);
                }
                return new Stored(registration, writer.insertInTransaction(messages));
            });
        } catch (RuntimeException notStored) {
            quotas.giveBack(client, quota, stored);
            throw notStored;
        }
        Objects.requireNonNull(result);
        if (!result.registration().inserted()) {
            quotas.giveBack(client, quota, stored);
            return replay(result.registration(), fingerprint, stored, checked.rejected(), quota);
        }
        if (result.due() > 0) {
            events.publishEvent(new MessagesQueued(result.due()));
        }
        List<BroadcastAccepted.RowProblem> rejectedRows = checked.rowErrors().stream()
                .limit(InvalidRowsException.MAX_LISTED)
                .map(e -> new BroadcastAccepted.RowProblem(e.row(), e.field(), e.message())).toList();
        return new Outcome(new BroadcastAccepted(id, stored, checked.rejected(), rejectedRows), false,
                quota.headers());
    }

    private static Outcome replay(BroadcastRegistry.Registration earlier, String fingerprint, int stored, int rejected,
            IntakeQuota.Decision quota) {
        if (!Objects.equals(earlier.requestFingerprint(), fingerprint)) {
            throw new IdempotencyConflictException(earlier.id(), "broadcast");
        }
        return new Outcome(new BroadcastAccepted(earlier.id(), stored, rejected, null), true, quota.headers());
    }

    private record Stored(BroadcastRegistry.Registration registration, int due) {
    }

    /** The valid rows' messages, and what was wrong with the others. */
    private record Checked(List<NewMessage> messages, List<InvalidRowsException.RowError> rowErrors, int rejected) {
    }

    private static void checkShape(BroadcastRequest request, String idempotencyKey) {
        if (request == null) {
            throw new InvalidRequestException(List.of(new FieldViolation("body", "must be a JSON object")));
        }
        List<FieldViolation> errors = new ArrayList<>();
        if (request.recipients() == null || request.recipients().isEmpty()
                || request.recipients().size() > BroadcastRequest.MAX_RECIPIENTS) {
            errors.add(new FieldViolation("recipients", "must hold 1 to 10000 recipients"
                    + (request.recipients() == null ? "" : ", not " + request.recipients().size())));
        }
        checkKey(idempotencyKey, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }

    private static void checkKey(String idempotencyKey, List<FieldViolation> errors) {
        if (idempotencyKey != null && (idempotencyKey.isBlank()
                || idempotencyKey.length() > VoiceMessageRequestValidator.MAX_IDEMPOTENCY_KEY_LENGTH)) {
            errors.add(new FieldViolation("Idempotency-Key", "must be 1 to 255 characters, not blank"));
        }
    }

    /**
     * Each row as a message of its own. A broken rule of a shared field breaks it for every row: it is reported once,
     * as the field, and refuses the broadcast whatever {@code partial} says. A shared field broken for some rows
     * only (a delivery window without a zone, for a country with several) is that row's error. A row that could not
     * be read (a CSV row) has its reading's errors and is not checked further.
     */
    private Checked check(BroadcastRequest request, List<Row> rows, String client, Instant now) {
        List<NewMessage> messages = new ArrayList<>();
        List<InvalidRowsException.RowError> rowErrors = new ArrayList<>();
        Map<FieldViolation, Integer> sharedSeen = new LinkedHashMap<>();
        Map<String, Integer> firstRowOf = new HashMap<>();
        int invalidRows = 0;
        int checked = 0;
        for (Row read : rows) {
            int row = read.number();
            String prefix = "recipients[" + (row - 1) + "]";
            BroadcastRequest.Recipient recipient = read.recipient();
            List<InvalidRowsException.RowError> errors = new ArrayList<>(read.readErrors());
            if (recipient == null && errors.isEmpty()) {
                errors.add(new InvalidRowsException.RowError(row, prefix, "must be a recipient object"));
            } else if (errors.isEmpty()) {
                checked++;
                if (recipient.variables() != null && !recipient.variables().isEmpty() && request.template() == null) {
                    errors.add(new InvalidRowsException.RowError(row, prefix + ".variables",
                            "are only allowed with template"));
                }
                try {
                    NewMessage message = validator.validate(request.messageFor(recipient), client, null, now);
                    Integer first = request.duplicatesAllowed() ? null
                            : firstRowOf.putIfAbsent(message.destination(), row);
                    if (first != null) {
                        errors.add(new InvalidRowsException.RowError(row, prefix + ".destination",
                                "repeats row " + first + "'s number; send \"allowDuplicates\": true to call it"
                                        + " once per row"));
                    } else if (errors.isEmpty()) {
                        messages.add(message);
                    }
                } catch (InvalidRequestException invalid) {
                    for (FieldViolation violation : invalid.violations()) {
                        String field = recipientField(violation.field(), prefix);
                        String message = violation.message();
                        if (field == null) {
                            sharedSeen.merge(violation, 1, Integer::sum);
                            field = violation.field();
                        } else if (read.destinationHint() != null && field.equals(prefix + ".destination")) {
                            message = message + read.destinationHint();
                        }
                        errors.add(new InvalidRowsException.RowError(row, field, message));
                    }
                }
            }
            if (!errors.isEmpty()) {
                invalidRows++;
                rowErrors.addAll(errors);
            }
        }
        int everyChecked = checked;
        List<FieldViolation> shared = sharedSeen.entrySet().stream()
                .filter(e -> e.getValue() == everyChecked).map(Map.Entry::getKey).toList();
        if (!shared.isEmpty()) {
            // Reported once, as the field; the rows they broke say nothing more.
            List<InvalidRowsException.RowError> rest = rowErrors.stream()
                    .filter(e -> shared.stream().noneMatch(s -> s.field().equals(e.field())
                            && s.message().equals(e.message()))).toList();
            throw new InvalidRowsException(shared, rest, (int) rest.stream().mapToInt(e -> e.row()).distinct()
                    .count(), rows.size());
        }
        if (invalidRows > 0 && (!request.isPartial() || messages.isEmpty())) {
            throw new InvalidRowsException(List.of(), rowErrors, invalidRows, rows.size());
        }
        return new Checked(messages, rowErrors, invalidRows);
    }

    /** A message's field that is the recipient's own, named as the broadcast's JSON names it; null for shared. */
    private static String recipientField(String field, String prefix) {
        if (field.equals("destination") || field.equals("clientReference")) {
            return prefix + "." + field;
        }
        if (field.startsWith("template.variables")) {
            return prefix + ".variables" + field.substring("template.variables".length());
        }
        return null;
    }

    private static ErrorResponseException tooManyForQuota(String client, int recipients) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, "The broadcast's "
                + recipients + " recipients are more than one window of client '" + client + "''s quota holds"
                + " (gateway.clients." + client + ".max-messages-per-minute or -per-day): split it into smaller"
                + " broadcasts. Nothing was stored.");
        problem.setTitle("Larger than the quota");
        return new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT, problem, null);
    }

    /** "The same request" for Idempotency-Key: the request as read, fields in their declared order. */
    private static String fingerprint(String request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(request.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
