package com.example.voicegateway.sandbox;

import com.example.voicegateway.config.OptOutProperties;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which key the simulated person presses at a {@code sayAndCapture}, by the destination's last two digits:
 * {@code 06} presses nothing, {@code 07} a wrong key (one the prompt does not name: {@code 9}, or the highest key
 * the prompt leaves unnamed), {@code 10} nothing on the first call and the key on the next (to try
 * {@code redial.on: NOT_ACKNOWLEDGED}), {@code 11} the opt-out key (the one the opt-out sentence names, {@code 9}
 * without one: "press 9 to stop"), any other answering number the key the rest of the prompt names first
 * ({@code 05} is the documented one), as a person following the prompt would. A person hearing only the opt-out
 * sentence presses nothing (but {@code 11}): it asks nothing of them. The opt-out sentence is recognised as the
 * gateway's settings word it ({@link OptOutProperties#findPrompt}), in any language configured.
 */
final class Keypresses {

    /** {@code 07}'s key when the prompt does not name it; {@code 11}'s when the prompt has no opt-out sentence. */
    static final String NINE = "9";
    private static final List<String> WORDS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven",
            "eight", "nine");
    private static final Pattern NAMED_KEY = Pattern.compile(
            "\\b([0-9]|zero|one|two|three|four|five|six|seven|eight|nine)\\b");

    private Keypresses() {
    }

    /** The key pressed, or null for none. */
    static String keyFor(String destination, String prompt, int callToDestination, OptOutProperties optOut) {
        OptOutProperties.Found sentence = optOut.findPrompt(prompt);
        if (destination.endsWith("11")) {
            return sentence != null ? sentence.digit() : NINE;
        }
        if (destination.endsWith("06") || destination.endsWith("10") && callToDestination == 1) {
            return null;
        }
        if (destination.endsWith("07")) {
            return wrongKey(prompt);
        }
        if (sentence == null) {
            return namedKey(prompt);
        }
        return sentence.rest().isBlank() ? null : namedKey(sentence.rest());
    }

    /** The first key the prompt names ("Press 1 ...", "press one ..."); 1 when it names none. */
    static String namedKey(String prompt) {
        Matcher matcher = NAMED_KEY.matcher(prompt == null ? "" : prompt.toLowerCase(Locale.ROOT));
        if (!matcher.find()) {
            return "1";
        }
        return digit(matcher.group(1));
    }

    /** A key the prompt names nowhere: 9 unless it is named, else the highest one left. */
    static String wrongKey(String prompt) {
        Set<String> named = new TreeSet<>();
        Matcher matcher = NAMED_KEY.matcher(prompt == null ? "" : prompt.toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            named.add(digit(matcher.group(1)));
        }
        for (int key = 9; key >= 0; key--) {
            if (!named.contains(String.valueOf(key))) {
                return String.valueOf(key);
            }
        }
        return NINE;
    }

    private static String digit(String found) {
        return found.length() == 1 ? found : String.valueOf(WORDS.indexOf(found));
    }
}
