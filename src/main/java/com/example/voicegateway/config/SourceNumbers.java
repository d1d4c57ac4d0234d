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
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code gateway.eightbyeight.sources}: ISO 3166 country codes, each with caller ids of its own country in E.164. One
 * problem per entry, on its key ({@code gateway.eightbyeight.sources.ID}), quoting the number at fault: a caller id
 * 8x8 cannot place a call from stops the start rather than the first call.
 */
@Documented
@Constraint(validatedBy = SourceNumbers.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface SourceNumbers {

    String message() default "must map ISO 3166 country codes to caller ids in E.164";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<SourceNumbers, Map<String, List<String>>> {

        @Override
        public boolean isValid(Map<String, List<String>> sources, ConstraintValidatorContext context) {
            if (sources == null || sources.isEmpty()) {
                return true;
            }
            boolean valid = true;
            context.disableDefaultConstraintViolation();
            for (Map.Entry<String, List<String>> entry : new TreeMap<>(sources).entrySet()) {
                String problem = problem(entry.getKey(), entry.getValue());
                if (problem != null) {
                    valid = false;
                    context.buildConstraintViolationWithTemplate(SettingMessages.literal(problem))
                            .addBeanNode().inIterable().atKey(entry.getKey()).addConstraintViolation();
                }
            }
            return valid;
        }

        /** What is wrong with one country's entry, or null. */
        static String problem(String country, List<String> numbers) {
            if (!PhoneNumbers.isRegion(country)) {
                return "must be keyed by an ISO 3166 country code with phone numbers, like SG or ID; " + country
                        + " is not";
            }
            for (String number : numbers) {
                String e164 = PhoneNumbers.read(number, null).e164();
                if (e164 == null) {
                    return "must be phone numbers in E.164: + and the country code, then digits only, like"
                            + " +6568880000; " + number + " is not";
                }
                PhoneNumbers.Country of = PhoneNumbers.country(e164);
                if (!of.regions().contains(country) || of.region() != null && !of.region().equals(country)) {
                    return "must be numbers of " + PhoneNumbers.name(country) + " (" + country + "); " + number
                            + " is " + (of.region() == null || of.network() ? "not" : "a number of "
                                    + PhoneNumbers.name(of.region()));
                }
            }
            return null;
        }
    }
}
