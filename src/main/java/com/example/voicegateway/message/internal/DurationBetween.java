package com.example.voicegateway.message.internal;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * An ISO-8601 duration ({@code PT10S}) from {@link #min} to {@link #max}, both included. The field stays a string so
 * that a duration in words is this rule's 400, not a parser's. Null passes.
 */
@Documented
@Constraint(validatedBy = DurationBetween.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@interface DurationBetween {

    /** ISO-8601, like {@code PT3S}. */
    String min();

    /** ISO-8601, like {@code PT60S}. */
    String max();

    String message();

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<DurationBetween, String> {

        private Duration min;
        private Duration max;

        @Override
        public void initialize(DurationBetween constraint) {
            this.min = Duration.parse(constraint.min());
            this.max = Duration.parse(constraint.max());
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            try {
                Duration duration = Duration.parse(value);
                return duration.compareTo(min) >= 0 && duration.compareTo(max) <= 0;
            } catch (DateTimeParseException e) {
                return false;
            }
        }
    }
}
