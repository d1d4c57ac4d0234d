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
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** An audio file 8x8 can fetch: an http(s) URL of an .mp3 or .wav, without credentials. Null passes. */
@Documented
@Constraint(validatedBy = AudioFileUrl.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@interface AudioFileUrl {

    String message() default "must be an http or https URL of an .mp3 or .wav file";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<AudioFileUrl, String> {

        @Override
        public boolean isValid(String url, ConstraintValidatorContext context) {
            String problem = url == null ? null : problem(url);
            if (problem != null) {
                ConstraintMessages.replace(context, problem);
            }
            return problem == null;
        }

        private static String problem(String audioUrl) {
            try {
                URI uri = new URI(audioUrl);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                String path = uri.getPath() == null ? "" : uri.getPath().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    return "must be an http or https URL";
                } else if (uri.getHost() == null) {
                    return "must name a host (and a port, if any, between 1 and 65535)";
                } else if (uri.getRawUserInfo() != null) {
                    // 8x8 would fetch with them and we would show them back in every GET: credentials do not
                    // belong here.
                    return "must not contain a user name or password (user:password@host)";
                } else if (uri.getPort() > 65535 || uri.getPort() == 0) {
                    return "must have a port between 1 and 65535";
                } else if (!path.endsWith(".mp3") && !path.endsWith(".wav")) {
                    return "must point to an .mp3 or .wav file";
                }
                return null;
            } catch (URISyntaxException e) {
                return "must be a valid URL";
            }
        }
    }
}
