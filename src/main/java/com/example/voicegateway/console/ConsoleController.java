package com.example.voicegateway.console;

import com.example.voicegateway.message.IllegalTransitionException;
import com.example.voicegateway.message.MessageDirectory;
import com.example.voicegateway.message.MessageNotFoundException;
import com.example.voicegateway.message.MessageStatus;
import java.security.Principal;
import java.time.Clock;
import java.util.Arrays;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;

/**
 * The ops console's pages. Every page is rendered on the server; a form post changes something and redirects, so
 * reloading a page never repeats an action.
 */
@Controller
@RequestMapping("/console")
class ConsoleController {

    private final ConsoleSearch search;
    private final MessageDirectory messages;
    private final NowBoard board;
    private final HourlyChart chart;
    private final ConsoleActions actions;
    private final MessageAuditTrail audit;
    private final ConsoleSuppressions suppressions;
    private final Clock clock;

    ConsoleController(ConsoleSearch search, MessageDirectory messages, NowBoard board, HourlyChart chart,
            ConsoleActions actions, MessageAuditTrail audit, ConsoleSuppressions suppressions, Clock clock) {
        this.suppressions = suppressions;
        this.search = search;
        this.messages = messages;
        this.board = board;
        this.chart = chart;
        this.actions = actions;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping("/login")
    String login() {
        return "console/login";
    }

    @GetMapping
    String searchPage(@ModelAttribute("form") SearchForm form, Model model) {
        SearchForm.Parsed parsed = form.parse();
        model.addAttribute("errors", parsed.errors());
        model.addAttribute("statuses", Arrays.stream(MessageStatus.values()).map(Enum::name).toList());
        model.addAttribute("clients", search.clients());
        if (parsed.errors().isEmpty()) {
            model.addAttribute("results", search.search(parsed.criteria()));
        }
        return "console/search";
    }

    @GetMapping("/messages/{id}")
    String story(@PathVariable String id, Model model) {
        UUID messageId = parseId(id);
        JsonNode view = messages.find(messageId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No message with id " + id));
        model.addAttribute("story", StoryTeller.tell(view,
                new StoryTeller.Context(clock.instant(), board.circuitBreaker(), audit.of(messageId))));
        return "console/story";
    }

    @GetMapping("/messages/{id}/cancel")
    String confirmCancel(@PathVariable String id, Model model) {
        story(id, model);
        return "console/confirm-cancel";
    }

    @PostMapping("/messages/{id}/cancel")
    String cancel(@PathVariable String id, Principal operator, RedirectAttributes redirect) {
        UUID messageId = parseId(id);
        try {
            actions.cancel(messageId, operator.getName());
            redirect.addFlashAttribute("notice", "The message was canceled; no further call will be placed.");
        } catch (IllegalTransitionException refused) {
            redirect.addFlashAttribute("problem", "Not canceled: the message is " + refused.current()
                    + " and can no longer be canceled.");
        } catch (MessageNotFoundException absent) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No message with id " + id);
        }
        return "redirect:/console/messages/" + messageId;
    }

    @GetMapping("/callbacks/{callbackId}/redeliver")
    String confirmRedeliver(@PathVariable String callbackId, @RequestParam("message") String messageId, Model model) {
        story(messageId, model);
        Story story = (Story) model.getAttribute("story");
        Story.FailedCallback callback = story.failedCallbacks().stream().filter(c -> c.id().equals(callbackId))
                .findFirst().orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "No failed callback " + callbackId + " on message " + messageId));
        model.addAttribute("callback", callback);
        return "console/confirm-redeliver";
    }

    @PostMapping("/callbacks/{callbackId}/redeliver")
    String redeliver(@PathVariable String callbackId, @RequestParam("message") String messageId, Principal operator,
            RedirectAttributes redirect) {
        UUID message = parseId(messageId);
        switch (actions.redeliverCallback(parseId(callbackId), operator.getName())) {
            case QUEUED -> redirect.addFlashAttribute("notice", "The callback is queued again; it goes out with the"
                    + " same webhook-id and the whole retry schedule ahead of it.");
            case NOT_FAILED -> redirect.addFlashAttribute("problem", "Not queued: the callback is no longer FAILED.");
            case ERASED -> redirect.addFlashAttribute("problem", "Not queued: the message's personal data was erased,"
                    + " so its callbacks are not sent any more.");
            case NOT_FOUND -> throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No callback " + callbackId);
        }
        return "redirect:/console/messages/" + message;
    }

    @GetMapping("/now")
    String now(Model model) {
        model.addAttribute("now", board.read());
        model.addAttribute("chart", chart.lastDay());
        return "console/now";
    }

    /** The live part of the Now page alone, refreshed by htmx every few seconds. */
    @GetMapping("/now/panel")
    String nowPanel(Model model) {
        model.addAttribute("now", board.read());
        return "console/now :: panel";
    }

    /** The global do-not-call list, or a client's ({@code client}), with the form that adds to the global one. */
    @GetMapping("/suppressions")
    String suppressionsPage(@RequestParam(required = false) String client,
            @RequestParam(required = false) String destination, @RequestParam(defaultValue = "0") int page,
            Principal operator, Model model) {
        model.addAttribute("clients", suppressions.clients());
        model.addAttribute("client", client == null ? "" : client);
        model.addAttribute("destination", destination == null ? "" : destination);
        try {
            model.addAttribute("entries", suppressions.list(operator.getName(), client, destination, page));
        } catch (com.example.voicegateway.web.InvalidRequestException refused) {
            model.addAttribute("errors", refused.violations().stream().map(v -> "Number: " + v.message()).toList());
        }
        return "console/suppressions";
    }

    @PostMapping("/suppressions")
    String addSuppression(@RequestParam(required = false) String destination,
            @RequestParam(required = false) String reason, @RequestParam(required = false) String expiresAt,
            Principal operator, RedirectAttributes redirect) {
        flash(redirect, suppressions.add(operator.getName(), destination, reason, expiresAt));
        return "redirect:/console/suppressions";
    }

    @PostMapping("/suppressions/remove")
    String removeSuppression(@RequestParam String destination, Principal operator, RedirectAttributes redirect) {
        flash(redirect, suppressions.remove(operator.getName(), destination));
        return "redirect:/console/suppressions";
    }

    private static void flash(RedirectAttributes redirect, ConsoleSuppressions.Result result) {
        if (result.notice() != null) {
            redirect.addFlashAttribute("notice", result.notice());
        } else {
            redirect.addFlashAttribute("problems", result.problems());
        }
    }

    @ExceptionHandler(ResponseStatusException.class)
    String notFound(ResponseStatusException e, Model model, HttpServletResponse response) {
        response.setStatus(e.getStatusCode().value());
        model.addAttribute("reason", e.getReason());
        return "console/not-found";
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No message with id " + id);
        }
    }
}
