package com.example.voicegateway.web;

import jakarta.validation.ConstraintValidatorContext;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/** For constraints whose message names what was found: the words go in as a parameter, never as a template. */
public final class ConstraintMessages {

    private ConstraintMessages() {
    }

    /**
     * Reports {@code message} instead of the constraint's own. As a parameter it is shown as it is: a template would
     * read its backslashes and braces as escapes and expressions.
     */
    public static void replace(ConstraintValidatorContext context, String message) {
        context.disableDefaultConstraintViolation();
        context.unwrap(HibernateConstraintValidatorContext.class)
                .addMessageParameter("reason", message)
                .buildConstraintViolationWithTemplate("{reason}")
                .addConstraintViolation();
    }

    /** The same, on a property of the object a class-level constraint validates. */
    public static void replace(ConstraintValidatorContext context, String property, String message) {
        context.disableDefaultConstraintViolation();
        context.unwrap(HibernateConstraintValidatorContext.class)
                .addMessageParameter("reason", message)
                .buildConstraintViolationWithTemplate("{reason}")
                .addPropertyNode(property)
                .addConstraintViolation();
    }
}
