package com.example.voicegateway.config;

import jakarta.validation.ConstraintValidatorContext;

/** Constraint messages written at validation time (they quote the bad value), taken literally, never interpolated. */
final class SettingMessages {

    private SettingMessages() {
    }

    /** Replaces the constraint's default message by {@code message}; always false, for {@code return}. */
    static boolean violation(ConstraintValidatorContext context, String message) {
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(literal(message)).addConstraintViolation();
        return false;
    }

    /** A message as a template that interpolates to itself. */
    static String literal(String message) {
        return message.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
    }
}
