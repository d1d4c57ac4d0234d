package com.example.voicegateway.template.internal;

import com.example.voicegateway.audit.AuditLog;
import com.example.voicegateway.audit.AuditOutcome;
import com.example.voicegateway.auth.Caller;
import com.example.voicegateway.config.EightByEightProperties;
import com.example.voicegateway.message.MessageTemplates;
import com.example.voicegateway.phone.PhoneNumbers;
import com.example.voicegateway.schedule.RecipientTimeZones;
import com.example.voicegateway.web.FieldViolation;
import com.example.voicegateway.web.InvalidRequestException;
import com.ibm.icu.util.ULocale;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IllformedLocaleException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Templates: who may see and change which, the rules a template obeys, and rendering one for a message or a
 * preview. A client's key owns the templates it creates; an ops key's are shared, seen (not changed) by every client.
 */
@Service
class TemplateService implements MessageTemplates {

    static final int MAX_TEXT = 3000;
    static final int MAX_ACKNOWLEDGE_TEXT = 500;
    static final int MAX_CACHED_LANGUAGES = 256;
    /** ICU's ISO 639 list leaves out codes CLDR replaced (tl by fil); the JDK's keeps them. */
    private static final Set<String> LANGUAGES = java.util.stream.Stream.concat(
            Arrays.stream(ULocale.getISOLanguages()), Arrays.stream(Locale.getISOLanguages()))
            .collect(Collectors.toUnmodifiableSet());

    private final TemplateStore store;
    private final Validator constraints;
    private final TemplateProperties settings;
    private final EightByEightProperties eightByEight;
    private final AuditLog audit;
    private final VoiceProfileCatalog voices;
    private final Clock clock;
    private final Map<String, SpokenRenderer> renderers = new ConcurrentHashMap<>();

    TemplateService(TemplateStore store, Validator constraints, TemplateProperties settings,
            EightByEightProperties eightByEight, AuditLog audit, VoiceProfileCatalog voices, Clock clock) {
        this.store = store;
        this.constraints = constraints;
        this.settings = settings;
        this.eightByEight = eightByEight;
        this.audit = audit;
        this.voices = voices;
        this.clock = clock;
    }

    @Transactional
    TemplateView create(TemplateRequest request, Caller caller) {
        Checked checked = check(request);
        Instant now = now();
        TemplateStore.Stored stored = new TemplateStore.Stored(UUID.randomUUID(), 1, caller.client() ? caller.name()
                : null, request.name(), checked.language(), request.voiceProfile(), request.text(), checked.prompt(),
                checked.thanks(), caller.name(), now, now);
        store.create(stored);
        audited(caller, "template.create", stored, AuditOutcome.SUCCEEDED);
        return view(stored, checked.warnings());
    }

    @Transactional
    TemplateView update(UUID id, TemplateRequest request, Caller caller) {
        TemplateStore.Stored current = writable(id, caller);
        Checked checked = check(request);
        Instant now = now();
        TemplateStore.Stored next = new TemplateStore.Stored(id, current.version() + 1, current.owner(),
                request.name(), checked.language(), request.voiceProfile(), request.text(), checked.prompt(),
                checked.thanks(), caller.name(), current.createdAt(), now);
        if (!store.addVersion(next)) {
            // The head row was locked by writable(); only a deletion in between could get here.
            throw new TemplateNotFoundException(id);
        }
        audited(caller, "template.update", next, AuditOutcome.SUCCEEDED);
        return view(next, checked.warnings());
    }

    @Transactional
    void delete(UUID id, Caller caller) {
        TemplateStore.Stored current = writable(id, caller);
        int queued = store.queuedMessages(id);
        if (queued > 0) {
            audited(caller, "template.delete", current, AuditOutcome.REFUSED);
            throw TemplateNotFoundException.conflict("Template " + id + " is used by " + queued + " queued message"
                    + (queued == 1 ? "" : "s") + "; delete it once they are sent or canceled.");
        }
        store.delete(id, now());
        audited(caller, "template.delete", current, AuditOutcome.SUCCEEDED);
    }

    @Transactional(readOnly = true)
    TemplateView find(UUID id, Caller caller) {
        TemplateStore.Stored stored = visible(id, caller.ops() ? null : caller.name(), false);
        return view(stored, warnings(stored));
    }

    @Transactional(readOnly = true)
    List<TemplateView> list(Caller caller) {
        return store.list(caller.ops() ? null : caller.name()).stream().map(t -> view(t, warnings(t))).toList();
    }

    @Transactional(readOnly = true)
    PreviewView preview(UUID id, PreviewRequest request, Caller caller) {
        TemplateStore.Stored stored = visible(id, caller.ops() ? null : caller.name(), false);
        List<FieldViolation> errors = new ArrayList<>();
        ZoneId zone = null;
        if (request != null && request.timeZone() != null) {
            // Region ids only, as a message's deliveryWindow.timeZone: ICU would read an offset id as GMT.
            if (ZoneId.getAvailableZoneIds().contains(request.timeZone())) {
                zone = ZoneId.of(request.timeZone());
            } else {
                errors.add(new FieldViolation("timeZone", "must be an IANA time zone, like Asia/Singapore"));
            }
        } else if (request != null && request.destination() != null) {
            String number = PhoneNumbers.toE164(request.destination()).orElse(null);
            if (number == null) {
                errors.add(new FieldViolation("destination", "must be a possible phone number in E.164"));
            } else {
                zone = RecipientTimeZones.of(number).single();
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        Rendered rendered = render(stored, request == null ? null : request.variables(), zone, true, "variables");
        if (!rendered.problems().isEmpty()) {
            throw new InvalidRequestException(rendered.problems().stream()
                    .map(p -> new FieldViolation(p.field(), p.message())).toList());
        }
        String voice = rendered.voiceProfile() != null ? rendered.voiceProfile() : eightByEight.defaultVoiceProfile();
        return new PreviewView(stored.version(), rendered.text(), rendered.prompt(), rendered.thanks(), voice);
    }

    @Override
    @Transactional(readOnly = true)
    public Rendered render(String clientName, String templateId, Map<String, Object> variables, ZoneId zone,
            boolean acknowledged) {
        UUID id;
        try {
            id = UUID.fromString(templateId == null ? "" : templateId);
        } catch (IllegalArgumentException e) {
            return Rendered.refused(List.of(new Problem("template.id", "must be a template's id (a UUID)")));
        }
        TemplateStore.Stored stored = store.current(id, false)
                .filter(t -> t.owner() == null || t.owner().equals(clientName)).orElse(null);
        if (stored == null) {
            return Rendered.refused(List.of(new Problem("template.id", "names no template of yours or shared")));
        }
        return render(stored, variables, zone, acknowledged, "template.variables");
    }

    /** The template's texts rendered; problems are named {@code <prefix>.<variable>}. */
    private Rendered render(TemplateStore.Stored stored, Map<String, ?> variables, ZoneId zone, boolean acknowledged,
            String prefix) {
        SpokenRenderer renderer = renderer(stored.language());
        List<Problem> problems = new ArrayList<>();
        Map<String, Object> all = variables == null ? Map.of() : new LinkedHashMap<>(variables);
        TemplateText text = TemplateText.parse(stored.text());
        TemplateText prompt = acknowledged && stored.prompt() != null ? TemplateText.parse(stored.prompt()) : null;
        TemplateText thanks = acknowledged && stored.thanks() != null ? TemplateText.parse(stored.thanks()) : null;
        // One set of variables for the three texts: each text takes those it names. A variable of the prompt or the
        // thanks is the template's even where they are not spoken, so a client may always send the same ones.
        Map<String, PlaceholderType> named = new LinkedHashMap<>(text.placeholders());
        for (String part : new String[] {stored.prompt(), stored.thanks()}) {
            if (part != null) {
                TemplateText.parse(part).placeholders().forEach(named::putIfAbsent);
            }
        }
        all.keySet().stream().filter(name -> !named.containsKey(name)).sorted()
                .forEach(name -> problems.add(new Problem(prefix + "." + name, "is not a placeholder of the template")));
        String spokenText = part(renderer, text, all, zone, MAX_TEXT, prefix, problems);
        String spokenPrompt = prompt == null ? null
                : part(renderer, prompt, all, zone, MAX_ACKNOWLEDGE_TEXT, prefix, problems);
        String spokenThanks = thanks == null ? null
                : part(renderer, thanks, all, zone, MAX_ACKNOWLEDGE_TEXT, prefix, problems);
        if (!problems.isEmpty()) {
            List<Problem> distinct = problems.stream().distinct()
                    .sorted(Comparator.comparing(Problem::field)).toList();
            return Rendered.refused(distinct);
        }
        String voice = stored.voiceProfile() != null ? stored.voiceProfile() : settings.voiceFor(stored.language());
        return new Rendered(stored.id(), stored.version(), spokenText, voice, spokenPrompt, spokenThanks, List.of());
    }

    private static String part(SpokenRenderer renderer, TemplateText text, Map<String, Object> variables, ZoneId zone,
            int max, String prefix, List<Problem> problems) {
        Map<String, Object> own = new LinkedHashMap<>();
        text.placeholders().keySet().forEach(name -> {
            if (variables.containsKey(name)) {
                own.put(name, variables.get(name));
            }
        });
        try {
            SpokenRenderer.Result result = renderer.render(text, own, zone);
            if (result.text().length() > max) {
                // The longest value is the one to shorten.
                String longest = result.spoken().entrySet().stream()
                        .max(Comparator.comparingInt(e -> e.getValue().length())).map(Map.Entry::getKey).orElse(null);
                problems.add(new Problem(longest == null ? prefix : prefix + "." + longest, "makes the rendered text "
                        + result.text().length() + " characters long, over " + max
                        + " (counted in UTF-16 code units)"));
                return null;
            }
            return result.text();
        } catch (SpokenRenderer.Refused refused) {
            refused.problems().forEach(p -> problems.add(new Problem(prefix + "." + p.variable(), p.message())));
            return null;
        }
    }

    private SpokenRenderer renderer(String language) {
        SpokenRenderer cached = renderers.get(language);
        if (cached != null) {
            return cached;
        }
        SpokenRenderer renderer = new SpokenRenderer(ULocale.forLanguageTag(language));
        // Tags are the templates' and few; a flood of odd well-formed ones (private-use subtags) is not kept.
        if (renderers.size() < MAX_CACHED_LANGUAGES) {
            renderers.putIfAbsent(language, renderer);
        }
        return renderer;
    }

    /** A template's request checked; its language tag as stored (canonical case). */
    private record Checked(String language, String prompt, String thanks, List<String> warnings) {
    }

    private Checked check(TemplateRequest request) {
        if (request == null) {
            throw new InvalidRequestException(List.of(new FieldViolation("body", "must be a JSON object")));
        }
        List<FieldViolation> errors = new ArrayList<>();
        constraints.validate(request).forEach(violation -> errors.add(FieldViolation.of(violation)));
        String language = language(request.language(), errors);
        if (request.voiceProfile() != null && request.voiceProfile().matches("[A-Za-z0-9-]{1,64}")
                && !voices.known(request.voiceProfile())) {
            errors.add(new FieldViolation("voiceProfile", "is not a voice profile 8x8 offers; one of "
                    + String.join(", ", voices.profiles())));
        }
        List<TemplateText> texts = new ArrayList<>();
        texts.add(parsed("text", request.text(), errors));
        String prompt = null;
        String thanks = null;
        if (request.acknowledge() != null) {
            prompt = blankIsNone(request.acknowledge().prompt());
            thanks = blankIsNone(request.acknowledge().thanks());
            texts.add(parsed("acknowledge.prompt", prompt, errors));
            texts.add(parsed("acknowledge.thanks", thanks, errors));
        }
        Map<String, PlaceholderType> seen = new LinkedHashMap<>();
        for (TemplateText text : texts) {
            if (text == null) {
                continue;
            }
            text.placeholders().forEach((name, type) -> {
                PlaceholderType before = seen.putIfAbsent(name, type);
                if (before != null && before != type) {
                    errors.add(new FieldViolation("acknowledge", "placeholder '" + name + "' is " + before.word()
                            + " in one text and " + type.word() + " in another"));
                }
            });
        }
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldViolation::field).thenComparing(FieldViolation::message));
            throw new InvalidRequestException(errors);
        }
        List<String> warnings = new ArrayList<>();
        SpokenRenderer renderer = renderer(language);
        texts.stream().filter(t -> t != null).flatMap(t -> renderer.warnings(t).stream()).distinct()
                .forEach(warnings::add);
        return new Checked(language, prompt, thanks, warnings);
    }

    /** A well-formed BCP 47 tag of a language ISO 639 knows, in canonical form ({@code en-SG}, {@code zh-Hans}). */
    private static String language(String tag, List<FieldViolation> errors) {
        if (tag == null || tag.length() > 35) {
            return null;
        }
        try {
            Locale locale = new Locale.Builder().setLanguageTag(tag).build();
            if (LANGUAGES.contains(locale.getLanguage())) {
                return locale.toLanguageTag();
            }
        } catch (IllformedLocaleException e) {
            // reported below
        }
        errors.add(new FieldViolation("language", "must be a BCP 47 language tag, like en-SG, id-ID or zh-Hans"));
        return null;
    }

    private static String blankIsNone(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static TemplateText parsed(String field, String text, List<FieldViolation> errors) {
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            errors.add(new FieldViolation(field, "must not be blank"));
            return null;
        }
        String unreadable = unreadable(text);
        if (unreadable != null) {
            errors.add(new FieldViolation(field, unreadable));
            return null;
        }
        try {
            return TemplateText.parse(text);
        } catch (TemplateText.Invalid invalid) {
            invalid.problems().forEach(problem -> errors.add(new FieldViolation(field, problem)));
            return null;
        }
    }

    /** What makes a text unsendable to 8x8 as it is (as intake's rule for text), or null. */
    static String unreadable(String text) {
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

    private List<String> warnings(TemplateStore.Stored stored) {
        SpokenRenderer renderer = renderer(stored.language());
        return java.util.stream.Stream.of(stored.text(), stored.prompt(), stored.thanks())
                .filter(t -> t != null).flatMap(t -> renderer.warnings(TemplateText.parse(t)).stream()).distinct()
                .toList();
    }

    /** A template the caller sees; {@code clientName} null: any. */
    private TemplateStore.Stored visible(UUID id, String clientName, boolean lock) {
        return store.current(id, lock)
                .filter(t -> clientName == null || t.owner() == null || t.owner().equals(clientName))
                .orElseThrow(() -> new TemplateNotFoundException(id));
    }

    /** A client changes its own templates; an ops key changes shared ones (a client's are the client's to change). */
    private TemplateStore.Stored writable(UUID id, Caller caller) {
        TemplateStore.Stored stored = visible(id, caller.ops() ? null : caller.name(), true);
        // Decided by the owner, not the role: a key that is both (the generated one) changes what it created.
        boolean own = stored.owner() != null && caller.client() && stored.owner().equals(caller.name());
        if (stored.owner() != null && !own) {
            throw TemplateNotFoundException.forbidden("Template " + id + " belongs to client " + stored.owner()
                    + "; only its own key changes it.");
        }
        if (stored.owner() == null && !caller.ops()) {
            throw TemplateNotFoundException.forbidden("Template " + id + " is shared; only an ops key changes it.");
        }
        return stored;
    }

    private void audited(Caller caller, String action, TemplateStore.Stored template, AuditOutcome outcome) {
        if (caller.ops()) {
            audit.record(caller.name(), action, null, outcome, "template " + template.id() + " version "
                    + template.version());
        }
    }

    private TemplateView view(TemplateStore.Stored stored, List<String> warnings) {
        Map<String, String> placeholders = new LinkedHashMap<>();
        java.util.stream.Stream.of(stored.text(), stored.prompt(), stored.thanks()).filter(t -> t != null)
                .forEach(t -> TemplateText.parse(t).placeholders().forEach((name, type) ->
                        placeholders.putIfAbsent(name, type.word())));
        TemplateRequest.Acknowledge acknowledge = stored.prompt() == null && stored.thanks() == null ? null
                : new TemplateRequest.Acknowledge(stored.prompt(), stored.thanks());
        return new TemplateView(stored.id(), stored.version(), stored.name(), stored.language(),
                stored.voiceProfile(), stored.text(), acknowledge, placeholders, stored.owner() == null,
                stored.createdAt(), stored.updatedAt(), warnings);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static String names(Set<String> names) {
        return names.stream().sorted().collect(Collectors.joining(", "));
    }
}
