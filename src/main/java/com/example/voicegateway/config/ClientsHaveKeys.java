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

/**
 * Every {@code gateway.clients.<name>} has a key in {@code gateway.api-keys.<name>}: a policy for a name without a key
 * is a typo that would silently leave the real client unlimited. One violation per such client, on its entry.
 */
@Documented
@Constraint(validatedBy = ClientsHaveKeys.Validator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ClientsHaveKeys {

    String message() default "has no key in gateway.api-keys";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ClientsHaveKeys, ClientPolicies> {

        @Override
        public boolean isValid(ClientPolicies policies, ConstraintValidatorContext context) {
            if (policies == null) {
                return true;
            }
            boolean valid = true;
            context.disableDefaultConstraintViolation();
            for (String name : policies.clients().keySet().stream().sorted().toList()) {
                if (!policies.apiKeys().containsKey(name)) {
                    valid = false;
                    context.buildConstraintViolationWithTemplate(
                                    SettingMessages.literal("has no key in gateway.api-keys." + name))
                            .addPropertyNode("clients").addPropertyNode(null).inIterable().atKey(name)
                            .addConstraintViolation();
                }
            }
            return valid;
        }
    }
}
