package com.example.voicegateway.web;

import java.beans.PropertyEditorSupport;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Enum values in query parameters and forms are their exact names, as in JSON: {@code ?priority=%20HIGH} is a
 * {@code 400}, not {@code HIGH}. Spring's own conversion trims the text, and when a stricter converter refuses, its
 * binder falls back to a trimmed field lookup; an editor for every enum type runs first and refuses what is not
 * already exact, and the binder's lookup of the untrimmed name then refuses anything but an exact name.
 */
@ControllerAdvice
class StrictEnumParameters {

    @InitBinder
    void exactEnumNames(WebDataBinder binder) {
        binder.registerCustomEditor(Enum.class, new PropertyEditorSupport() {
            @Override
            public void setAsText(String text) {
                if (!text.equals(text.strip())) {
                    throw new IllegalArgumentException("an enum value is its exact name, without spaces");
                }
                setValue(text);
            }
        });
    }
}
