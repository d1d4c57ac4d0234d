package com.example.voicegateway.sandbox;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which key the simulated person presses at a {@code sayAndCapture}, by the destination's last two digits:
 * {@code 06} presses nothing, {@code 07} presses a wrong key ({@code 9}), {@code 10} presses nothing on the first call
 * and the key on the next (to try {@code redial.on: NOT_ACKNOWLEDGED}), any other answering number presses the key
 * the prompt names ({@code 05} is the documented one), as a person following the prompt would.
 */
final class Keypresses {

    static final String WRONG_KEY = "9";
    private static final List<String> WORDS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven",
            "eight", "nine");
    private static final Pattern NAMED_KEY = Pattern.compile(
            "\\b([0-9]|zero|one|two|three|four|five|six|seven|eight|nine)\\b");

    private Keypresses() {
    }

    /** The key pressed, or null for none. */
    static String keyFor(String destination, String prompt, int callToDestination) {
        if (destination.endsWith("06") || destination.endsWith("10") && callToDestination == 1) {
            return null;
        }
        if (destination.endsWith("07")) {
            return WRONG_KEY;
        }
        return namedKey(prompt);
    }

    /** The first key the prompt names ("Press 1 ...", "press one ..."); 1 when it names none. */
    static String namedKey(String prompt) {
        Matcher matcher = NAMED_KEY.matcher(prompt == null ? "" : prompt.toLowerCase(Locale.ROOT));
        if (!matcher.find()) {
            return "1";
        }
        String found = matcher.group(1);
        return found.length() == 1 ? found : String.valueOf(WORDS.indexOf(found));
    }
}
