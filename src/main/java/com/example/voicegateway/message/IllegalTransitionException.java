package com.example.voicegateway.message;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A move the status model does not allow. Internal callers decide whether that is a conflict or a bug; reaching a
 * client, it is a 409 naming the message's current status.
 */
public class IllegalTransitionException extends ErrorResponseException {

    private final UUID messageId;
    private final MessageStatus current;
    private final MessageStatus requested;

    public IllegalTransitionException(UUID messageId, MessageStatus current, MessageStatus requested) {
        super(HttpStatus.CONFLICT, problem(current, requested), null);
        this.messageId = messageId;
        this.current = current;
        this.requested = requested;
    }

    @Override
    public String getMessage() {
        return "message " + messageId + " cannot move from " + current + " to " + requested;
    }

    public UUID messageId() {
        return messageId;
    }

    public MessageStatus current() {
        return current;
    }

    public MessageStatus requested() {
        return requested;
    }

    private static ProblemDetail problem(MessageStatus current, MessageStatus requested) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "The message is " + current + "; it cannot become " + requested + ".");
        problem.setTitle("Conflict");
        // Not "status": that member is the HTTP status in RFC 9457.
        problem.setProperty("currentStatus", current);
        return problem;
    }
}
