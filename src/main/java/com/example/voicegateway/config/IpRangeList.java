package com.example.voicegateway.config;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

/** A list of IP addresses and CIDR ranges as {@link IpRanges} reads them; the message names the first bad entry. */
@Documented
@Constraint(validatedBy = IpRangeList.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface IpRangeList {

    String message() default "must be IP addresses or CIDR ranges";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<IpRangeList, List<String>> {

        @Override
        public boolean isValid(List<String> entries, ConstraintValidatorContext context) {
            if (entries == null) {
                return true;
            }
            try {
                new IpRanges(entries);
                return true;
            } catch (IllegalArgumentException e) {
                return SettingMessages.violation(context, e.getMessage());
            }
        }
    }
}
