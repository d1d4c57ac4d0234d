package com.example.voicegateway.config;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.hibernate.validator.constraints.time.DurationMin;

/** A setting's {@link java.time.Duration} is longer than zero (null passes: {@code @NotNull} says if it may be). */
@Documented
@Constraint(validatedBy = {})
@DurationMin(inclusive = false)
@ReportAsSingleViolation
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface PositiveDuration {

    String message() default "must be positive";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
