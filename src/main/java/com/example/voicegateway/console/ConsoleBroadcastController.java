package com.example.voicegateway.console;

import com.example.voicegateway.broadcast.BroadcastDirectory;
import com.example.voicegateway.message.BroadcastMessages;
import com.example.voicegateway.message.BroadcastNotFoundException;
import com.example.voicegateway.message.MessageStatus;
import com.example.voicegateway.web.PageQuery;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;

/**
 * The console's broadcast pages: every client's broadcasts with their progress, and one broadcast's counts, chart
 * and messages, with its cancel. The views are the API's ({@link BroadcastDirectory}); the chart's counts come from
 * the ledger ({@link BroadcastMessages#outcomesOverTime}), the messages from the console's search.
 */
@Controller
@RequestMapping("/console/broadcasts")
class ConsoleBroadcastController {

    static final int PAGE_SIZE = 25;

    private final BroadcastDirectory broadcasts;
    private final BroadcastMessages ledger;
    private final ConsoleSearch search;
    private final ConsoleActions actions;
    private final Clock clock;

    ConsoleBroadcastController(BroadcastDirectory broadcasts, BroadcastMessages ledger, ConsoleSearch search,
            ConsoleActions actions, Clock clock) {
        this.broadcasts = broadcasts;
        this.ledger = ledger;
        this.search = search;
        this.actions = actions;
        this.clock = clock;
    }

    @GetMapping
    String list(@RequestParam(required = false) String page, Model model) {
        List<String> errors = new ArrayList<>();
        int number = page(page, errors);
        JsonNode listed = broadcasts.list(number, PAGE_SIZE);
        Instant now = clock.instant();
        List<BroadcastPages.Summary> rows = new ArrayList<>();
        for (JsonNode view : listed.path("items")) {
            rows.add(BroadcastPages.summary(view, now));
        }
        model.addAttribute("errors", errors);
        model.addAttribute("rows", rows);
        model.addAttribute("groups", BroadcastPages.Group.values());
        model.addAttribute("page", number);
        model.addAttribute("hasNext", number + 1 < listed.path("totalPages").asInt());
        return "console/broadcasts";
    }

    @GetMapping("/{id}")
    String broadcast(@PathVariable String id, @RequestParam(required = false) String status,
            @RequestParam(required = false) String page, Model model) {
        UUID broadcastId = parseId(id);
        JsonNode view = broadcasts.find(broadcastId).orElseThrow(() -> noSuchBroadcast(id));
        List<String> errors = new ArrayList<>();
        String filter = status(status, errors);
        int number = page(page, errors);
        model.addAttribute("b", BroadcastPages.detail(view, clock.instant()));
        model.addAttribute("groups", BroadcastPages.Group.values());
        model.addAttribute("chart", BroadcastChart.of(ledger.outcomesOverTime(broadcastId, BroadcastChart.QUERIED)));
        model.addAttribute("errors", errors);
        model.addAttribute("status", filter);
        model.addAttribute("messages", search.ofBroadcast(broadcastId, filter, number));
        return "console/broadcast";
    }

    @GetMapping("/{id}/cancel")
    String confirmCancel(@PathVariable String id, Model model) {
        broadcast(id, null, null, model);
        return "console/confirm-cancel-broadcast";
    }

    @PostMapping("/{id}/cancel")
    String cancel(@PathVariable String id, Principal operator, RedirectAttributes redirect) {
        UUID broadcastId = parseId(id);
        try {
            int canceled = actions.cancelBroadcast(broadcastId, operator.getName());
            redirect.addFlashAttribute("notice", canceled == 0
                    ? "Nothing was canceled: none of its messages was queued any more."
                    : canceled + (canceled == 1 ? " queued message was" : " queued messages were")
                            + " canceled; calls already under way finish.");
        } catch (BroadcastNotFoundException absent) {
            throw noSuchBroadcast(id);
        }
        return "redirect:/console/broadcasts/" + broadcastId;
    }

    @ExceptionHandler(ResponseStatusException.class)
    String notFound(ResponseStatusException e, Model model, HttpServletResponse response) {
        response.setStatus(e.getStatusCode().value());
        model.addAttribute("reason", e.getReason());
        return "console/not-found";
    }

    private static ResponseStatusException noSuchBroadcast(String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No broadcast with id " + id);
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw noSuchBroadcast(id);
        }
    }

    /** The status to list by, or null for any; an unknown one is said and ignored, as the search does. */
    private static String status(String typed, List<String> errors) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        try {
            return MessageStatus.valueOf(typed.strip().toUpperCase(Locale.ROOT)).name();
        } catch (IllegalArgumentException e) {
            errors.add("Status: unknown status " + typed.strip() + ".");
            return null;
        }
    }

    private static int page(String typed, List<String> errors) {
        if (typed == null || typed.isBlank()) {
            return 0;
        }
        try {
            int page = Integer.parseInt(typed.strip());
            if (page >= 0 && page <= PageQuery.MAX_PAGE) {
                return page;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        errors.add("Page must be between 0 and " + PageQuery.MAX_PAGE + ".");
        return 0;
    }
}
