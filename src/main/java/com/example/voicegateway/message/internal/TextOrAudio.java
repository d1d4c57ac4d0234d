package com.example.voicegateway.message.internal;

import com.example.voicegateway.web.ConstraintMessages;
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
 * A message is spoken text or an audio file, never both or neither. Reported on {@code audioUrl} when both are given
 * (the text is the usual one), on {@code text} when neither is.
 */
@Documented
@Constraint(validatedBy = TextOrAudio.Check.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@interface TextOrAudio {

    String message() default "exactly one of text and audioUrl is required";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<TextOrAudio, VoiceMessageRequest> {

        // Each reported on one of the two fields, so neither names its own field again ("text ... text").
        static final String NEITHER = "is required, or audioUrl instead: send exactly one of the two";
        static final String BOTH = "must not be sent with text: send exactly one of the two";

        @Override
        public boolean isValid(VoiceMessageRequest request, ConstraintValidatorContext context) {
            boolean hasText = request.text() != null;
            if (hasText != (request.audioUrl() != null)) {
                return true;
            }
            ConstraintMessages.replace(context, hasText ? "audioUrl" : "text", hasText ? BOTH : NEITHER);
            return false;
        }
    }
}
