package com.example.voicegateway.message.internal;

import com.example.voicegateway.config.GatewayProperties;
import com.example.voicegateway.config.RedialProperties;
import com.example.voicegateway.message.CallStatus;
import com.example.voicegateway.message.CallbackTargets;
import com.example.voicegateway.phone.PhoneNumbers;
import com.example.voicegateway.web.FieldViolation;
import com.example.voicegateway.web.InvalidRequestException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Every intake rule in one place, reporting all broken rules at once. The limits mirror what 8x8 itself accepts,
 * so a message we accept is one 8x8 will not reject for its shape.
 */
@Component
class VoiceMessageRequestValidator {

    static final int MAX_TEXT_LENGTH = 3000;
    static final int MAX_AUDIO_URL_LENGTH = 2048;
    static final int MAX_CLIENT_REFERENCE_LENGTH = 100;
    static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;
    static final BigDecimal MIN_SPEED = new BigDecimal("0.5");
    static final BigDecimal MAX_SPEED = new BigDecimal("2.0");
    static final int MAX_CALLS = 5;
    static final int MAX_FALLBACKS = 3;
    private static final Map<String, CallStatus> REDIAL_NAMES = java.util.stream.Stream.concat(
                    CallStatus.REDIAL_OUTCOMES.stream(), java.util.stream.Stream.of(CallStatus.NOT_ACKNOWLEDGED))
            .collect(Collectors.toMap(Enum::name, status -> status));
    private static final Pattern VOICE_PROFILE = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final GatewayProperties properties;
    private final CallbackTargets callbackTargets;
    private final ScheduleResolver scheduler;
    // Parsed once: libphonenumber is one of the larger costs of a request, and this value never changes.
    private final String configuredSource;

    VoiceMessageRequestValidator(GatewayProperties properties, CallbackTargets callbackTargets,
            ScheduleResolver scheduler) {
        this.properties = properties;
        this.callbackTargets = callbackTargets;
        this.scheduler = scheduler;
        String configured = properties.eightbyeight().defaultSource();
        this.configuredSource = configured == null || configured.isBlank() ? null
                : PhoneNumbers.toE164(configured).orElse(configured);
    }

    NewMessage validate(VoiceMessageRequest request, String clientName, String idempotencyKey, Instant now) {
        List<FieldViolation> errors = new ArrayList<>();
        if (request == null) {
            throw new InvalidRequestException(List.of(new FieldViolation("body", "must be a JSON object")));
        }
        String destination = phone("destination", request.destination(), true, errors);
        String source = phone("source", request.source(), false, errors);
        if (source == null && request.source() == null) {
            source = defaultSource(errors);
        }

        boolean hasText = request.text() != null;
        boolean hasAudio = request.audioUrl() != null;
        if (hasText == hasAudio) {
            errors.add(new FieldViolation(hasText ? "audioUrl" : "text",
                    "exactly one of text and audioUrl is required"));
        }
        if (hasText) {
            checkText(request.text(), errors);
        }
        if (hasAudio) {
            checkAudioUrl(request.audioUrl(), errors);
        }

        Acknowledge acknowledge = AcknowledgeRules.check(request.acknowledge(), errors);
        // The prompt and the thanks are spoken, so with acknowledge an audio message has a voice too.
        boolean spoken = hasText || request.acknowledge() != null;
        String voiceProfile = null;
        BigDecimal speed = null;
        if (request.voiceProfile() != null) {
            if (!spoken) {
                errors.add(new FieldViolation("voiceProfile", "is only allowed with text or acknowledge"));
            } else if (!VOICE_PROFILE.matcher(request.voiceProfile()).matches()) {
                errors.add(new FieldViolation("voiceProfile",
                        "must be letters, digits and hyphens, at most 64 characters, like en-IE-EmilyNeural"));
            }
        }
        if (request.speed() != null) {
            if (!spoken) {
                errors.add(new FieldViolation("speed", "is only allowed with text or acknowledge"));
            } else if (request.speed().compareTo(MIN_SPEED) < 0 || request.speed().compareTo(MAX_SPEED) > 0) {
                errors.add(new FieldViolation("speed", "must be between 0.5 and 2.0"));
            } else if (request.speed().stripTrailingZeros().scale() > 2) {
                errors.add(new FieldViolation("speed", "must have at most two decimal places"));
            }
        }
        if (spoken) {
            voiceProfile = request.voiceProfile() != null ? request.voiceProfile()
                    : properties.eightbyeight().defaultVoiceProfile();
            speed = request.speed() != null ? request.speed().stripTrailingZeros() : BigDecimal.ONE;
        }

        int repetition = 1;
        if (request.repetition() != null) {
            if (request.repetition() < 1 || request.repetition() > 3) {
                errors.add(new FieldViolation("repetition", "must be 1, 2 or 3"));
            } else {
                repetition = request.repetition();
            }
        }

        ScheduleResolver.Schedule schedule = scheduler.resolve(request, clientName, destination, now, errors);

        if (request.clientReference() != null) {
            String problem = TextRules.problem(request.clientReference(), MAX_CLIENT_REFERENCE_LENGTH);
            if (problem != null) {
                errors.add(new FieldViolation("clientReference", problem));
            }
        }
        CallbackTargets.Target callback = callbackTargets.resolve(clientName, request.callbackUrl());
        if (callback.problem() != null) {
            errors.add(new FieldViolation("callbackUrl", callback.problem()));
        }
        if (idempotencyKey != null) {
            if (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
                errors.add(new FieldViolation("Idempotency-Key", "must be 1 to 255 characters, not blank"));
            }
        }

        RedialPlan redial = redial(request, destination, request.acknowledge() != null, errors);

        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        String fingerprint = idempotencyKey == null ? null : fingerprint(request, destination, source);
        return new NewMessage(MessageIds.next(now.toEpochMilli()), clientName, idempotencyKey, fingerprint, destination, source,
                request.text(), request.audioUrl(), voiceProfile, repetition, speed, schedule.validUntil(),
                request.clientReference(), now, redial, callback.url(), acknowledge, schedule);
    }

    /**
     * With {@code acknowledge}, a call nobody confirmed is one to make again: {@code NOT_ACKNOWLEDGED} is then allowed
     * in {@code redial.on}, and in its default.
     */
    private RedialPlan redial(VoiceMessageRequest request, String destination, boolean acknowledge,
            List<FieldViolation> errors) {
        RedialProperties settings = properties.redial();
        int maxCalls = 1;
        Duration interval = settings.defaultInterval();
        Set<CallStatus> allowed = EnumSet.copyOf(CallStatus.REDIAL_OUTCOMES);
        if (acknowledge) {
            allowed.add(CallStatus.NOT_ACKNOWLEDGED);
        }
        Set<CallStatus> on = EnumSet.copyOf(allowed);
        VoiceMessageRequest.Redial redial = request.redial();
        if (redial != null) {
            if (redial.maxCalls() != null) {
                if (redial.maxCalls() < 1 || redial.maxCalls() > MAX_CALLS) {
                    errors.add(new FieldViolation("redial.maxCalls", "must be 1 to " + MAX_CALLS));
                } else {
                    maxCalls = redial.maxCalls();
                }
            }
            if (redial.interval() != null) {
                interval = interval(redial.interval(), settings, errors);
            }
            if (redial.on() != null) {
                on = outcomes(redial.on(), allowed, errors);
            }
        }
        List<String> fallbacks = new ArrayList<>();
        List<String> requested = request.fallbackDestinations();
        if (requested != null) {
            if (requested.size() > MAX_FALLBACKS) {
                errors.add(new FieldViolation("fallbackDestinations", "must hold at most " + MAX_FALLBACKS
                        + " numbers"));
            } else {
                for (int i = 0; i < requested.size(); i++) {
                    String field = "fallbackDestinations[" + i + "]";
                    String number = phone(field, requested.get(i), true, errors);
                    if (number == null) {
                        continue;
                    }
                    if (number.equals(destination)) {
                        errors.add(new FieldViolation(field, "must differ from destination"));
                    } else if (fallbacks.contains(number)) {
                        errors.add(new FieldViolation(field, "must differ from the other fallback destinations"));
                    } else {
                        fallbacks.add(number);
                    }
                }
            }
        }
        return new RedialPlan(maxCalls, interval, on, fallbacks);
    }

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

    private static Set<CallStatus> outcomes(List<String> raw, Set<CallStatus> allowed, List<FieldViolation> errors) {
        Set<CallStatus> on = EnumSet.noneOf(CallStatus.class);
        if (raw.isEmpty()) {
            errors.add(new FieldViolation("redial.on", "must name at least one of " + allowed));
            return on;
        }
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

    private String defaultSource(List<FieldViolation> errors) {
        if (configuredSource == null) {
            errors.add(new FieldViolation("source",
                    "is required: no default caller id is configured (gateway.eightbyeight.default-source)"));
            return null;
        }
        return configuredSource;
    }

    private static String phone(String field, String raw, boolean required, List<FieldViolation> errors) {
        if (raw == null) {
            if (required) {
                errors.add(new FieldViolation(field, "is required"));
            }
            return null;
        }
        Optional<String> e164 = PhoneNumbers.toE164(raw);
        if (e164.isEmpty()) {
            errors.add(new FieldViolation(field, "must be a possible phone number in E.164, like +6591234567"));
            return null;
        }
        return e164.get();
    }

    private static void checkText(String text, List<FieldViolation> errors) {
        String problem = TextRules.problem(text, MAX_TEXT_LENGTH);
        if (problem != null) {
            errors.add(new FieldViolation("text", problem));
        }
    }

    private static void checkAudioUrl(String audioUrl, List<FieldViolation> errors) {
        if (audioUrl.length() > MAX_AUDIO_URL_LENGTH) {
            errors.add(new FieldViolation("audioUrl", "must be at most 2048 characters"));
            return;
        }
        String problem = null;
        try {
            URI uri = new URI(audioUrl);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String path = uri.getPath() == null ? "" : uri.getPath().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                problem = "must be an http or https URL";
            } else if (uri.getHost() == null) {
                problem = "must name a host (and a port, if any, between 1 and 65535)";
            } else if (uri.getRawUserInfo() != null) {
                // 8x8 would fetch with them and we would show them back in every GET: credentials do not belong here.
                problem = "must not contain a user name or password (user:password@host)";
            } else if (uri.getPort() > 65535 || uri.getPort() == 0) {
                problem = "must have a port between 1 and 65535";
            } else if (!path.endsWith(".mp3") && !path.endsWith(".wav")) {
                problem = "must point to an .mp3 or .wav file";
            }
        } catch (URISyntaxException e) {
            problem = "must be a valid URL";
        }
        if (problem != null) {
            errors.add(new FieldViolation("audioUrl", problem));
        }
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
        canonical = canonical + scheduleFingerprint(request);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
