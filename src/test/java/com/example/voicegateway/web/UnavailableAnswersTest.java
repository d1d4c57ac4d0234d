package com.example.voicegateway.web;

import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.example.voicegateway.message.internal.IntakeUnavailableException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * How intake's "not stored" and a database that timed out are answered: a 503 problem the client may retry, with
 * Retry-After. Spring MVC with {@link GlobalProblemHandler} around a stand-in that throws what intake throws
 * (message.internal.IntakeTimeoutTest proves intake throws them when the database is slow); no application context.
 */
class UnavailableAnswersTest {

    /** Throws what intake does; nested in a test, so the application's component scan passes it by. */
    @RestController
    static class Intake {

        @PostMapping("/not-stored")
        void notStored() {
            throw new IntakeUnavailableException("the database did not take the message in time");
        }

        @PostMapping("/timed-out")
        void timedOut() {
            throw new QueryTimeoutException("canceling statement due to user request");
        }
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Intake())
            .setControllerAdvice(new GlobalProblemHandler()).build();

    @Test
    void aMessageNotStoredIsA503ProblemWithRetryAfter() throws Exception {
        mvc.perform(post("/not-stored"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.status").value(503))
                .andExpect(jsonPath("$.title").value("Service Unavailable"))
                .andExpect(jsonPath("$.detail").value(
                        "The message was not stored: the database did not take the message in time. Retry later."));
    }

    @Test
    void aStatementTheDatabaseTimedOutIsA503ProblemWithRetryAfter() throws Exception {
        mvc.perform(post("/timed-out"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.detail").value(startsWith("The message store is not reachable right now")));
    }
}
