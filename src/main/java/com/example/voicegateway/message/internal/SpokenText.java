package com.example.voicegateway.message.internal;

import com.example.voicegateway.web.ConstraintMessages;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Free text a client sends: readable, and sendable to 8x8 as it is: valid Unicode, no control characters but tab and
 * line breaks, not only invisible characters. Its length is {@code @Size}'s, with {@link #LENGTH} for a message: Java
 * strings (and 8x8's limits) count UTF-16 code units, so an emoji outside the Basic Multilingual Plane is 2, which
 * {@code @Size} counts as 8x8 does and shows in the OpenAPI schema. Null passes.
 */
@Documented
@Constraint(validatedBy = SpokenText.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@interface SpokenText {

    /** The message of the {@code @Size} that goes with this constraint. */
    String LENGTH = "must be at most {max} characters, counted in UTF-16 code units (most characters count 1, emoji 2)";

    /** {@code ""} passes: for a text whose absence is said with an empty string. */
    boolean emptyAllowed() default false;

    String message() default "must be readable text";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<SpokenText, String> {

        private boolean emptyAllowed;

        @Override
        public void initialize(SpokenText constraint) {
            this.emptyAllowed = constraint.emptyAllowed();
        }

        @Override
        public boolean isValid(String text, ConstraintValidatorContext context) {
            if (text == null || (emptyAllowed && text.isEmpty())) {
                return true;
            }
            String problem = problem(text);
            if (problem != null) {
                ConstraintMessages.replace(context, problem);
            }
            return problem == null;
        }

        /** A reason the text breaks a rule, or null when it is fine. */
        static String problem(String text) {
            boolean visible = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isHighSurrogate(c)) {
                    if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                        return "must be valid Unicode: it holds a lone surrogate (\\u" + hex(c) + ")";
                    }
                    visible = true;
                    i++;
                    continue;
                }
                if (Character.isLowSurrogate(c)) {
                    return "must be valid Unicode: it holds a lone surrogate (\\u" + hex(c) + ")";
                }
                if (Character.getType(c) == Character.CONTROL && c != '\n' && c != '\r' && c != '\t') {
                    return "must not contain control characters (found \\u" + hex(c) + ")";
                }
                visible |= !isInvisible(c);
            }
            return visible ? null : "must not be blank or made only of invisible characters";
        }

        /** Spaces of every kind (NBSP included), line breaks, and format characters such as ZWSP and the BOM. */
        private static boolean isInvisible(char c) {
            return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.CONTROL;
        }

        private static String hex(char c) {
            return String.format("%04x", (int) c);
        }
    }
}
