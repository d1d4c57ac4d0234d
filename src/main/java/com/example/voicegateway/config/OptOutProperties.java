package com.example.voicegateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Do-not-call lists as they touch a message ({@code gateway.opt-out.prompts.<language>},
 * {@code gateway.clients.<name>.opt-out-prompts.<language>}, {@code gateway.clients.<name>.on-suppressed}): the
 * sentence "press 9 to stop" is spoken in, and what intake does with a message to a suppressed number. Shared: intake
 * reads both, the sandbox's simulated person recognises the sentence (it does not press the opt-out key unless it is
 * the test number that does). Beside {@link ClientPolicies}, which keeps the rest of {@code gateway.clients.*}.
 *
 * @param optOut  the gateway's sentences, by language
 * @param clients each client's own sentences and its choice for suppressed destinations
 */
@Validated
@ConfigurationProperties("gateway")
public record OptOutProperties(@Valid OptOut optOut, Map<String, @Valid Client> clients) {

    /** The digit's place in a sentence. */
    public static final String DIGIT = "{digit}";
    /** Spoken when neither the client nor the gateway has a sentence for the message's language. */
    public static final String DEFAULT_PROMPT = "To stop receiving these calls, press {digit}.";
    /** As long as an acknowledge prompt may be, so the two together stay far below 8x8's 3000. */
    public static final int MAX_PROMPT = 500;

    /** What intake does with a message whose destination is on a do-not-call list. */
    public enum OnSuppressed {
        /** Stored as SUPPRESSED, never called: 202. */
        ACCEPT,
        /** Refused, nothing stored: 422. */
        REJECT
    }

    /** @param prompts the sentence per BCP 47 language tag ({@code en}, {@code id}, {@code en-SG}), with {@code {digit}} */
    public record OptOut(Map<String, String> prompts) {

        public OptOut {
            prompts = lowerCaseKeys(prompts);
        }

        @AssertTrue(message = "prompts.<language> must hold {digit} once and be at most 500 characters")
        public boolean isEveryPromptSayable() {
            return prompts.values().stream().allMatch(OptOutProperties::sayable);
        }
    }

    /**
     * @param onSuppressed  ACCEPT (202, SUPPRESSED) or REJECT (422)
     * @param optOutPrompts the client's own sentences, by language; they win over the gateway's
     */
    public record Client(@DefaultValue("ACCEPT") OnSuppressed onSuppressed, Map<String, String> optOutPrompts) {

        public Client {
            onSuppressed = onSuppressed == null ? OnSuppressed.ACCEPT : onSuppressed;
            optOutPrompts = lowerCaseKeys(optOutPrompts);
        }

        @AssertTrue(message = "opt-out-prompts.<language> must hold {digit} once and be at most 500 characters")
        public boolean isEveryPromptSayable() {
            return optOutPrompts.values().stream().allMatch(OptOutProperties::sayable);
        }
    }

    private static final Client NO_CLIENT = new Client(OnSuppressed.ACCEPT, Map.of());

    public OptOutProperties {
        optOut = optOut == null ? new OptOut(Map.of()) : optOut;
        clients = clients == null ? Map.of() : Map.copyOf(clients);
    }

    /** What intake does for this client's messages to a suppressed destination. */
    public OnSuppressed onSuppressed(String clientName) {
        return client(clientName).onSuppressed();
    }

    /**
     * The sentence for a message of {@code clientName} in {@code language} (a BCP 47 tag, or null when unknown), the
     * digit in its place: the client's sentence for the tag, then for its language alone ({@code en} for
     * {@code en-SG}), then the gateway's likewise, then {@link #DEFAULT_PROMPT}.
     */
    public String prompt(String clientName, String language, String digit) {
        List<String> tags = new ArrayList<>(2);
        if (language != null && !language.isBlank()) {
            String tag = language.toLowerCase(Locale.ROOT);
            tags.add(tag);
            int dash = tag.indexOf('-');
            if (dash > 0) {
                tags.add(tag.substring(0, dash));
            }
        }
        for (Map<String, String> prompts : List.of(client(clientName).optOutPrompts(), optOut.prompts())) {
            for (String tag : tags) {
                String prompt = prompts.get(tag);
                if (prompt != null) {
                    return prompt.strip().replace(DIGIT, digit);
                }
            }
        }
        return DEFAULT_PROMPT.replace(DIGIT, digit);
    }

    /**
     * Every configured sentence (and the default) as a pattern whose one group is the digit, so a prompt's opt-out
     * sentence can be told from the rest of it (the sandbox's simulated person).
     */
    public List<Pattern> promptPatterns() {
        List<String> all = new ArrayList<>(optOut.prompts().values());
        clients.values().forEach(c -> all.addAll(c.optOutPrompts().values()));
        all.add(DEFAULT_PROMPT);
        return all.stream().distinct().map(prompt -> {
            String sentence = prompt.strip();
            int at = sentence.indexOf(DIGIT);
            return Pattern.compile(Pattern.quote(sentence.substring(0, at)) + "([0-9])"
                    + Pattern.quote(sentence.substring(at + DIGIT.length())), Pattern.CASE_INSENSITIVE);
        }).toList();
    }

    /** The digit a prompt's opt-out sentence names, and the prompt without that sentence; null: it has none. */
    public record Found(String digit, String rest) {
    }

    public Found findPrompt(String prompt) {
        if (prompt == null) {
            return null;
        }
        for (Pattern pattern : promptPatterns()) {
            Matcher matcher = pattern.matcher(prompt);
            if (matcher.find()) {
                return new Found(matcher.group(1),
                        (prompt.substring(0, matcher.start()) + prompt.substring(matcher.end())).strip());
            }
        }
        return null;
    }

    private Client client(String clientName) {
        return clientName == null ? NO_CLIENT : clients.getOrDefault(clientName, NO_CLIENT);
    }

    static boolean sayable(String prompt) {
        if (prompt == null || prompt.isBlank() || prompt.strip().length() > MAX_PROMPT) {
            return false;
        }
        int first = prompt.indexOf(DIGIT);
        return first >= 0 && prompt.indexOf(DIGIT, first + 1) < 0;
    }

    private static Map<String, String> lowerCaseKeys(Map<String, String> prompts) {
        Map<String, String> lower = new LinkedHashMap<>();
        if (prompts != null) {
            // An environment variable spells en-SG as EN_SG, which the binder may hand over as en.sg: one tag.
            prompts.forEach((tag, prompt) -> lower.put(tag.toLowerCase(Locale.ROOT).replace('_', '-')
                    .replace('.', '-'), prompt));
        }
        return Map.copyOf(lower);
    }
}
