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
import java.util.regex.Pattern;

/**
 * A client's {@code callback-hosts}: host names, {@code *.} patterns, IP addresses or CIDR ranges; one violation per
 * bad entry, quoting it.
 */
@Documented
@Constraint(validatedBy = CallbackHosts.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface CallbackHosts {

    String message() default "must be host names or IP addresses";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<CallbackHosts, List<String>> {

        private static final Pattern HOST = Pattern.compile(
                "(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
        private static final Pattern ADDRESS_LIKE = Pattern.compile(
                "(\\[?[0-9a-f.]*:[0-9a-f:.]*]?|[0-9]{1,3}(\\.[0-9]{1,3}){3})(/[0-9]+)?");
        private static final Pattern NUMERIC_LAST_LABEL = Pattern.compile("(.*\\.)?[0-9]+");

        @Override
        public boolean isValid(List<String> hosts, ConstraintValidatorContext context) {
            if (hosts == null) {
                return true;
            }
            boolean valid = true;
            context.disableDefaultConstraintViolation();
            for (String raw : hosts) {
                String host = raw == null ? "" : raw.trim().toLowerCase(java.util.Locale.ROOT);
                String problem = null;
                if (isAddressEntry(host)) {
                    if (!validAddressEntry(host)) {
                        problem = "has '" + host + "', which is not an IP address or CIDR range (such as 127.0.0.1,"
                                + " 10.20.0.0/16 or fd00::/8)";
                    }
                } else if (!HOST.matcher(host).matches() || NUMERIC_LAST_LABEL.matcher(host).matches()) {
                    // 127.1 or 2130706433 would be resolved as 127.0.0.1: an address is written a.b.c.d or not at all.
                    problem = "has '" + host + "': use a host name such as hooks.example.com or *.example.com, or an"
                            + " IP address or CIDR range such as 127.0.0.1 or 10.20.0.0/16";
                }
                if (problem != null) {
                    valid = false;
                    context.buildConstraintViolationWithTemplate(SettingMessages.literal(problem))
                            .addConstraintViolation();
                }
            }
            return valid;
        }

        /** An entry written as an IP address or range (IPv6 with colons, or a dotted quad), not as a name. */
        static boolean isAddressEntry(String entry) {
            return ADDRESS_LIKE.matcher(entry).matches();
        }

        static boolean validAddressEntry(String entry) {
            try {
                new IpRanges(List.of(entry));
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }
}
