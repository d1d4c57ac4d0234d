package com.example.voicegateway.config;

import com.standardwebhooks.Webhook;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Base64;

/** A Standard Webhooks signing secret. The message never quotes the value: it is a secret, even a malformed one. */
@Documented
@Constraint(validatedBy = WhsecSecret.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface WhsecSecret {

    String message() default "must be a Standard Webhooks secret: whsec_ followed by base64 of 24 to 64 random bytes";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<WhsecSecret, String> {

        @Override
        public boolean isValid(String secret, ConstraintValidatorContext context) {
            if (secret == null || secret.isBlank()) {
                return true;
            }
            String trimmed = secret.trim();
            if (!trimmed.startsWith("whsec_")) {
                return false;
            }
            try {
                byte[] key = Base64.getDecoder().decode(trimmed.substring("whsec_".length()));
                new Webhook(trimmed);
                return key.length >= 24 && key.length <= 64;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }
}
