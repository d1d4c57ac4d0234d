package com.example.voicegateway.config;

import com.example.voicegateway.schedule.WindowRules;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.List;

/**
 * A delivery window setting follows the same rules as a request's window ({@link WindowRules}); one violation per
 * problem, on the component it is about ({@code to}, {@code days[1]}, {@code time-zone}).
 */
@Documented
@Constraint(validatedBy = ValidDeliveryWindow.Validator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidDeliveryWindow {

    String message() default "is not a valid delivery window";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ValidDeliveryWindow, DeliveryWindowProperties> {

        @Override
        public boolean isValid(DeliveryWindowProperties window, ConstraintValidatorContext context) {
            if (window == null) {
                return true;
            }
            List<WindowRules.Problem> problems = new ArrayList<>();
            WindowRules.parse(WindowRules.Names.setting(""), window.from(), window.to(), window.days(),
                    window.timeZone(), problems);
            if (problems.isEmpty()) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            for (WindowRules.Problem problem : problems) {
                context.buildConstraintViolationWithTemplate(SettingMessages.literal(problem.message()))
                        .addPropertyNode(problem.field().substring(1)).addConstraintViolation();
            }
            return false;
        }
    }
}
