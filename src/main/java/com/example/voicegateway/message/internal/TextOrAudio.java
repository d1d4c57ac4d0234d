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
 * A message is spoken text, an audio file or a template, exactly one of them. Reported on {@code text} when none is
 * given, otherwise on the template when it comes with another (the text is the usual one), else on {@code audioUrl}.
 */
@Documented
@Constraint(validatedBy = TextOrAudio.Check.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@interface TextOrAudio {

    String message() default "exactly one of text, audioUrl and template is required";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<TextOrAudio, VoiceMessageRequest> {

        // Each reported on one field, so none names its own field again ("text ... text").
        static final String NONE = "is required, or audioUrl or template instead: send exactly one of the three";
        static final String TEMPLATE_WITH_ANOTHER = "must not be sent with %s: its rendered text is the message";
        static final String AUDIO_WITH_TEXT = "must not be sent with text: send one of text, an audio file or a template";

        @Override
        public boolean isValid(VoiceMessageRequest request, ConstraintValidatorContext context) {
            int given = (request.text() != null ? 1 : 0) + (request.audioUrl() != null ? 1 : 0)
                    + (request.template() != null ? 1 : 0);
            if (given == 1) {
                return true;
            }
            if (given == 0) {
                ConstraintMessages.replace(context, "text", NONE);
            } else if (request.template() != null) {
                ConstraintMessages.replace(context, "template", String.format(TEMPLATE_WITH_ANOTHER,
                        request.text() != null ? "text" : "audioUrl"));
            } else {
                ConstraintMessages.replace(context, "audioUrl", AUDIO_WITH_TEXT);
            }
            return false;
        }
    }
}
