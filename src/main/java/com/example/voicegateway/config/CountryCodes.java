package com.example.voicegateway.config;

import com.example.voicegateway.phone.PhoneNumbers;
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
import java.util.Locale;
import java.util.Objects;

/**
 * A list of ISO 3166 alpha-2 country codes that have phone numbers ({@code SG, MY}), as
 * {@code gateway.allowed-countries} and {@code gateway.clients.<name>.allowed-countries} take them. The message names
 * the codes that are not.
 */
@Documented
@Constraint(validatedBy = CountryCodes.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface CountryCodes {

    String message() default "must be ISO 3166 country codes with phone numbers, like SG or GB";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<CountryCodes, List<String>> {

        /** Trimmed, upper case, each once, in the order given; empty entries dropped; null is empty. */
        public static List<String> normalised(List<String> codes) {
            return codes == null ? List.of() : codes.stream().filter(Objects::nonNull).map(String::trim)
                    .filter(code -> !code.isEmpty()).map(code -> code.toUpperCase(Locale.ROOT)).distinct().toList();
        }

        @Override
        public boolean isValid(List<String> codes, ConstraintValidatorContext context) {
            if (codes == null) {
                return true;
            }
            List<String> unknown = codes.stream().filter(code -> !PhoneNumbers.isRegion(code)).toList();
            return unknown.isEmpty() || SettingMessages.violation(context, "must be ISO 3166 country codes with phone"
                    + " numbers, like SG or GB; " + String.join(", ", unknown) + (unknown.size() == 1 ? " is" : " are")
                    + " not");
        }
    }
}
