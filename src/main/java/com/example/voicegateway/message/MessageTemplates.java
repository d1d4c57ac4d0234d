package com.example.voicegateway.message;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Renders a message's {@code template} at intake. Implemented by the template module, which owns templates and how
 * their values are spoken; intake stores what it answers (the text, the template's id and version) as the message.
 */
public interface MessageTemplates {

    /**
     * @param clientName  the sending client: it may use its own templates and the shared ones
     * @param templateId  the request's {@code template.id} as sent
     * @param variables   the request's {@code template.variables} (strings and numbers as JSON gave them), or null
     * @param zone        the recipient's zone (the message's delivery window's, else the destination country's), or
     *                    null when not known
     * @param acknowledged whether the message asks for a key press: then the template's prompt and thanks are rendered
     */
    Rendered render(String clientName, String templateId, Map<String, Object> variables, ZoneId zone,
            boolean acknowledged);

    /**
     * What a template rendered to, or the rules the request broke ({@code problems}: fields named from the request's
     * root, like {@code template.variables.code}); the others are then null.
     *
     * @param voiceProfile the template's voice, else its language's default ({@code gateway.voices}), else null
     * @param prompt       the rendered acknowledge prompt, or null when the template has none
     * @param thanks       the rendered acknowledge thanks, or null when the template has none
     */
    record Rendered(UUID templateId, Integer version, String text, String voiceProfile, String prompt, String thanks,
            List<Problem> problems) {

        public static Rendered refused(List<Problem> problems) {
            return new Rendered(null, null, null, null, null, null, List.copyOf(problems));
        }
    }

    /** One broken rule: the request field and what is wrong with it. */
    record Problem(String field, String message) {
    }
}
