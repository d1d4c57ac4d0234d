package com.example.voicegateway.message.internal;

import com.example.voicegateway.config.CallerIds;
import com.example.voicegateway.config.EightByEightProperties;
import com.example.voicegateway.config.OptOutProperties;
import com.example.voicegateway.message.CallStatus;
import com.example.voicegateway.message.CallbackTargets;
import com.example.voicegateway.message.MessageTemplates;
import com.example.voicegateway.message.SuppressionKeys;
import com.example.voicegateway.schedule.RecipientTimeZones;
import com.example.voicegateway.phone.PhoneNumbers;
import com.example.voicegateway.web.FieldViolation;
import com.example.voicegateway.web.InvalidRequestException;
import jakarta.validation.Validator;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The intake rules in one pass, every broken rule reported at once: the request's own constraints (Bean Validation
 * on {@link VoiceMessageRequest}) and, next to them, the rules that need what a constraint does not have: the
 * settings (default caller id, voice and redial interval), the caller (callback hosts), the clock (sendAt,
 * validUntil, the delivery window), the client's numbers (read in its default region, if it has one) and the
 * request's normalised numbers (fallbacks that repeat the destination), where the client may call
 * ({@link CallPermissions}) and which caller id each number has ({@link CallerIds}).
 * They run here rather than in {@code @Valid} so that a request breaking rules of both kinds hears of all of them.
 */
@Component
class VoiceMessageRequestValidator {

    static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;
    private static final Map<String, CallStatus> REDIAL_NAMES = java.util.stream.Stream.concat(
                    CallStatus.REDIAL_OUTCOMES.stream(), java.util.stream.Stream.of(CallStatus.NOT_ACKNOWLEDGED))
            .collect(Collectors.toMap(Enum::name, status -> status));
    /** The request's fields in the order they are declared: errors are listed in it. */
    private static final List<String> FIELD_ORDER = Arrays.stream(VoiceMessageRequest.class.getRecordComponents())
            .map(RecordComponent::getName).toList();

    private final Validator constraints;
    private final EightByEightProperties eightByEight;
    private final RedialProperties redial;
    private final CallbackTargets callbackTargets;
    private final ScheduleResolver scheduler;
    private final ClientNumbers numbers;
    private final MessageTemplates templates;
    private final OptOutProperties optOuts;
    private final ObjectProvider<SuppressionKeys> suppressionKeys;
    private final CallerIds callerIds;
    private final CallPermissions permissions;

    VoiceMessageRequestValidator(Validator constraints, EightByEightProperties eightByEight, RedialProperties redial,
            CallbackTargets callbackTargets, ScheduleResolver scheduler, ClientNumbers numbers,
            MessageTemplates templates, OptOutProperties optOuts, ObjectProvider<SuppressionKeys> suppressionKeys,
            CallerIds callerIds, CallPermissions permissions) {
        this.constraints = constraints;
        this.eightByEight = eightByEight;
        this.redial = redial;
        this.callbackTargets = callbackTargets;
        this.scheduler = scheduler;
        this.numbers = numbers;
        this.templates = templates;
        this.optOuts = optOuts;
        this.suppressionKeys = suppressionKeys;
        this.callerIds = callerIds;
        this.permissions = permissions;
    }

    NewMessage validate(VoiceMessageRequest request, String clientName, String idempotencyKey, Instant now) {
        if (request == null) {
            throw new InvalidRequestException(List.of(new FieldViolation("body", "must be a JSON object")));
        }
        List<FieldViolation> errors = new ArrayList<>();
        constraints.validate(request).forEach(violation -> errors.add(FieldViolation.of(violation)));

        // A number that cannot be read is null from here on, its error listed.
        String destination = numbers.read("destination", request.destination(), clientName, errors);
        PhoneNumbers.Country destinationCountry = permitted(permissions, "destination", destination, clientName,
                errors);
        if (destinationCountry == null) {
            destination = null;
        }
        String source = request.source() != null ? callerId(numbers.read("source", request.source(), clientName,
                errors), errors) : defaultSource(destinationCountry, errors);
        // The prompt and the thanks are spoken, so with acknowledge (or the opt-out sentence) an audio message has a
        // voice too.
        boolean spoken = request.text() != null || request.template() != null || request.acknowledge() != null
                || request.optOut() != null;
        if (!spoken) {
            onlyWhenSpoken("voiceProfile", request.voiceProfile(), errors);
            onlyWhenSpoken("speed", request.speed(), errors);
        }
        if (request.optOut() != null && request.acknowledge() != null && request.optOut().digit() != null
                && request.optOut().digit().equals(request.acknowledge().digit())) {
            errors.add(new FieldViolation("optOut.digit", "must differ from acknowledge.digit: one key confirms,"
                    + " the other stops further calls"));
        }
        ScheduleResolver.Schedule schedule = scheduler.resolve(request, clientName, destination, now, errors);
        CallbackTargets.Target callback = callbackTargets.resolve(clientName, request.callbackUrl());
        if (callback.problem() != null) {
            errors.add(new FieldViolation("callbackUrl", callback.problem()));
        }
        if (idempotencyKey != null
                && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
            errors.add(new FieldViolation("Idempotency-Key", "must be 1 to 255 characters, not blank"));
        }
        RedialPlan redial = redial(request, clientName, destination, errors);
        MessageTemplates.Rendered rendered = rendered(request, clientName, destination, schedule, errors);

        if (!errors.isEmpty()) {
            // Bean Validation reports in no particular order; the answer lists fields as the request declares them.
            errors.sort(Comparator.comparingInt(VoiceMessageRequestValidator::declared)
                    .thenComparing(FieldViolation::field).thenComparing(FieldViolation::message));
            throw new InvalidRequestException(errors);
        }
        String voiceProfile = null;
        BigDecimal speed = null;
        if (spoken) {
            // The message's voice, else the template's (or its language's default), else the gateway's.
            voiceProfile = request.voiceProfile() != null ? request.voiceProfile()
                    : rendered != null && rendered.voiceProfile() != null ? rendered.voiceProfile()
                    : eightByEight.defaultVoiceProfile();
            speed = request.speed() != null ? request.speed().stripTrailingZeros() : BigDecimal.ONE;
        }
        Acknowledge acknowledge = request.acknowledge() == null ? null : request.acknowledge().withDefaults();
        if (acknowledge != null && rendered != null) {
            // The message's own prompt and thanks win over the template's.
            String prompt = request.acknowledge().prompt() == null && rendered.prompt() != null ? rendered.prompt()
                    : acknowledge.prompt();
            String thanks = request.acknowledge().thanks() == null && rendered.thanks() != null ? rendered.thanks()
                    : acknowledge.thanks();
            acknowledge = new Acknowledge(acknowledge.digit(), prompt, thanks, acknowledge.timeoutMs(),
                    acknowledge.tries());
        }
        String text = rendered != null ? rendered.text() : request.text();
        int repetition = request.repetition() == null ? 1 : request.repetition();
        String fingerprint = idempotencyKey == null ? null : fingerprint(request, destination, source);
        OptOut optOut = request.optOut() == null ? null : new OptOut(request.optOut().digit(),
                optOuts.prompt(clientName, language(voiceProfile), request.optOut().digit()),
                request.optOut().confirmation() == null || request.optOut().confirmation().isEmpty() ? null
                        : request.optOut().confirmation());
        return new NewMessage(MessageIds.next(now.toEpochMilli()), clientName, idempotencyKey, fingerprint, destination,
                source, text, request.audioUrl(), voiceProfile, repetition, speed, schedule.validUntil(),
                request.clientReference(), now, redial, callback.url(), acknowledge, schedule,
                rendered == null ? null : rendered.templateId(), rendered == null ? null : rendered.version(), optOut,
                keys(destination, redial), optOuts.onSuppressed(clientName) == OptOutProperties.OnSuppressed.REJECT,
                null, List.of(), null, request.source() != null);
    }

    /**
     * The numbers' keys on the do-not-call lists, so the insert finds entries kept as a key only; null without the
     * suppression feature (then entries are found by number).
     */
    private NewMessage.Keys keys(String destination, RedialPlan redial) {
        SuppressionKeys keys = suppressionKeys.getIfAvailable();
        if (keys == null) {
            return null;
        }
        return new NewMessage.Keys(keys.keyOf(destination),
                redial.fallbackDestinations().stream().map(keys::keyOf).toList());
    }

    /**
     * The language the message is spoken in, as its voice says ({@code en-IE} of {@code en-IE-EmilyNeural}: 8x8's
     * profiles start with their locale), so the opt-out sentence is said in it; null when the name says none.
     */
    static String language(String voiceProfile) {
        if (voiceProfile == null) {
            return null;
        }
        java.util.regex.Matcher locale = VOICE_LOCALE.matcher(voiceProfile);
        return locale.lookingAt() ? locale.group() : null;
    }

    private static final java.util.regex.Pattern VOICE_LOCALE = java.util.regex.Pattern.compile(
            "[a-zA-Z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(?=-|$)");

    /**
     * The template rendered in the recipient's zone: the delivery window's (the message's own zone wins, else the
     * destination country's), else the destination country's when it has one zone. Null for a message without a
     * template, or one whose template broke rules (added to {@code errors}).
     */
    private MessageTemplates.Rendered rendered(VoiceMessageRequest request, String clientName, String destination,
            ScheduleResolver.Schedule schedule, List<FieldViolation> errors) {
        VoiceMessageRequest.TemplateUse use = request.template();
        if (use == null || use.id() == null) {
            return null;
        }
        ZoneId zone = schedule != null && schedule.window() != null ? schedule.window().zone()
                : destination == null ? null : RecipientTimeZones.of(destination).single();
        // The template's prompt and thanks are rendered (and their variables asked for) only where the message
        // does not bring its own.
        AcknowledgeRequest acknowledge = request.acknowledge();
        boolean templated = acknowledge != null && (acknowledge.prompt() == null || acknowledge.thanks() == null);
        MessageTemplates.Rendered rendered = templates.render(clientName, use.id(), use.variables(), zone, templated);
        rendered.problems().forEach(p -> errors.add(new FieldViolation(p.field(), p.message())));
        return rendered.problems().isEmpty() ? rendered : null;
    }

    private static void onlyWhenSpoken(String field, Object value, List<FieldViolation> errors) {
        if (value != null && errors.stream().noneMatch(e -> e.field().equals(field))) {
            errors.add(new FieldViolation(field, "is only allowed with text, template, acknowledge or optOut"));
        }
    }

    /** Where a field stands among the request's; headers and anything else after them. */
    private static int declared(FieldViolation violation) {
        String root = violation.field().split("[.\\[]", 2)[0];
        int index = FIELD_ORDER.indexOf(root);
        return index < 0 ? FIELD_ORDER.size() : index;
    }

    /**
     * With {@code acknowledge}, a call nobody confirmed is one to make again: {@code NOT_ACKNOWLEDGED} is then allowed
     * in {@code redial.on}, and in its default.
     */
    private RedialPlan redial(VoiceMessageRequest request, String clientName, String destination,
            List<FieldViolation> errors) {
        RedialProperties settings = redial;
        Set<CallStatus> allowed = EnumSet.copyOf(CallStatus.REDIAL_OUTCOMES);
        if (request.acknowledge() != null) {
            allowed.add(CallStatus.NOT_ACKNOWLEDGED);
        }
        int maxCalls = 1;
        Duration interval = settings.defaultInterval();
        Set<CallStatus> on = EnumSet.copyOf(allowed);
        VoiceMessageRequest.Redial redial = request.redial();
        if (redial != null) {
            if (redial.maxCalls() != null) {
                maxCalls = redial.maxCalls();
            }
            if (redial.interval() != null) {
                interval = interval(redial.interval(), settings, errors);
            }
            // Empty is "not given", as generated clients send a list nobody set: the default outcomes.
            if (redial.on() != null && !redial.on().isEmpty()) {
                on = outcomes(redial.on(), allowed, errors);
            }
        }
        List<String> fallbacks = new ArrayList<>();
        List<String> requested = request.fallbackDestinations();
        for (int i = 0; requested != null && i < requested.size(); i++) {
            String field = "fallbackDestinations[" + i + "]";
            // A null entry broke @NotNull, which reported it.
            String number = numbers.read(field, requested.get(i), clientName, errors);
            PhoneNumbers.Country country = permitted(permissions, field, number, clientName, errors);
            if (country == null) {
                continue;
            }
            if (request.source() == null && callerIds.forCountry(country) == null) {
                errors.add(new FieldViolation(field, noCallerId(country)));
            }
            if (number.equals(destination)) {
                errors.add(new FieldViolation(field, "must differ from destination"));
            } else if (fallbacks.contains(number)) {
                errors.add(new FieldViolation(field, "must differ from the other fallback destinations"));
            } else {
                fallbacks.add(number);
            }
        }
        return new RedialPlan(maxCalls, interval, on, fallbacks);
    }

    /** The minimum is a setting, so this rule is no constraint of the request's. */
    private static Duration interval(String raw, RedialProperties settings, List<FieldViolation> errors) {
        Duration interval;
        try {
            interval = Duration.parse(raw);
        } catch (DateTimeParseException e) {
            errors.add(new FieldViolation("redial.interval", "must be an ISO-8601 duration, like PT5M"));
            return null;
        }
        if (interval.compareTo(settings.minInterval()) < 0 || interval.compareTo(RedialProperties.MAX_INTERVAL) > 0) {
            errors.add(new FieldViolation("redial.interval", "must be between " + settings.minInterval()
                    + " (gateway.redial.min-interval) and " + RedialProperties.MAX_INTERVAL));
            return null;
        }
        return interval;
    }

    /** Which outcomes are allowed depends on {@code acknowledge}, another field. */
    private static Set<CallStatus> outcomes(List<String> raw, Set<CallStatus> allowed, List<FieldViolation> errors) {
        Set<CallStatus> on = EnumSet.noneOf(CallStatus.class);
        boolean repeated = false;
        for (int i = 0; i < raw.size(); i++) {
            CallStatus status = REDIAL_NAMES.get(raw.get(i));
            if (status == CallStatus.NOT_ACKNOWLEDGED && !allowed.contains(status)) {
                errors.add(new FieldViolation("redial.on[" + i + "]", "NOT_ACKNOWLEDGED needs acknowledge"));
            } else if (status == null) {
                errors.add(new FieldViolation("redial.on[" + i + "]", "must be one of " + allowed));
            } else if (!on.add(status)) {
                repeated = true;
            }
        }
        if (repeated) {
            // Nothing is ignored or coerced: a repeat is a mistake the sender should hear about.
            errors.add(new FieldViolation("redial.on", "must not repeat an outcome"));
        }
        return on;
    }

    /**
     * The number's country when the client may call it, else null with the reason added (CallPermissions); read once
     * here for both the permission and the caller id (libphonenumber is one of intake's larger costs).
     */
    private static PhoneNumbers.Country permitted(CallPermissions permissions, String field, String number,
            String clientName, List<FieldViolation> errors) {
        if (number == null) {
            return null;
        }
        PhoneNumbers.Country country = PhoneNumbers.country(number);
        String refusal = permissions.refusal(clientName, country);
        if (refusal != null) {
            errors.add(new FieldViolation(field, refusal));
            return null;
        }
        return country;
    }

    /** A source the message names must be one of the gateway's caller ids: a key cannot show any number it likes. */
    private String callerId(String source, List<FieldViolation> errors) {
        if (source != null && !callerIds.contains(source)) {
            errors.add(new FieldViolation("source", "is not one of this gateway's caller ids"
                    + " (gateway.eightbyeight.default-source and gateway.eightbyeight.sources): 8x8 places calls only"
                    + " from numbers registered on the account"));
            return null;
        }
        return source;
    }

    /** The caller id of the destination's country, else the default; null while the destination is unread. */
    private String defaultSource(PhoneNumbers.Country destination, List<FieldViolation> errors) {
        if (destination == null) {
            // The destination's own error says what is wrong; the source follows from it once it is right.
            return null;
        }
        String source = callerIds.forCountry(destination);
        if (source == null) {
            errors.add(new FieldViolation("source", "is required: " + noCallerId(destination)));
        }
        return source;
    }

    private static String noCallerId(PhoneNumbers.Country country) {
        String region = country.region() == null ? "<country>" : country.region();
        return "no caller id is configured for " + country.describe() + " (gateway.eightbyeight.sources." + region
                + ") and there is no default (gateway.eightbyeight.default-source)";
    }

    /** Only what a request names, so keys stored before these fields existed still match their replays. */
    private static String scheduleFingerprint(VoiceMessageRequest request) {
        StringBuilder canonical = new StringBuilder();
        if (request.sendAt() != null) {
            canonical.append("\u0001sendAt=").append(request.sendAt());
        }
        if (request.deliveryWindow() != null) {
            canonical.append("\u0001deliveryWindow=").append(request.deliveryWindow().window());
        }
        if (request.priority() != null) {
            canonical.append("\u0001priority=").append(request.priority());
        }
        return canonical.toString();
    }

    /** Identifies "the same request" for Idempotency-Key: the fields as sent, numbers normalised. */
    private static String fingerprint(VoiceMessageRequest request, String destination, String source) {
        String canonical = String.join("\u0001",
                String.valueOf(destination), request.source() == null ? "" : String.valueOf(source),
                String.valueOf(request.text()), String.valueOf(request.audioUrl()),
                String.valueOf(request.voiceProfile()), String.valueOf(request.repetition()),
                request.speed() == null ? "null" : request.speed().stripTrailingZeros().toPlainString(),
                String.valueOf(request.validUntil()), String.valueOf(request.clientReference()));
        if (request.redial() != null || request.fallbackDestinations() != null) {
            // Only then: a replay of a request stored before these fields existed keeps its fingerprint.
            canonical = canonical + "\u0001" + request.redial() + "\u0001" + request.fallbackDestinations();
        }
        if (request.callbackUrl() != null) {
            // Likewise only when sent.
            canonical = canonical + "\u0001callbackUrl=" + request.callbackUrl();
        }
        if (request.acknowledge() != null) {
            canonical = canonical + "\u0002" + request.acknowledge();
        }
        if (request.optOut() != null) {
            canonical = canonical + "\u0004optOut=" + request.optOut();
        }
        if (request.template() != null) {
            canonical = canonical + "\u0003template=" + request.template().id() + "\u0001"
                    + new java.util.TreeMap<>(request.template().variables() == null ? Map.of()
                            : request.template().variables());
        }
        canonical = canonical + scheduleFingerprint(request);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
