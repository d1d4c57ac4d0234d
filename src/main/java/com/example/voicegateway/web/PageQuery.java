package com.example.voicegateway.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springdoc.core.annotations.ParameterObject;

/**
 * {@code page} and {@code size} of every list, bound from the query string ({@code @Valid PageQuery page}). Pages
 * stop at {@value #MAX_PAGE}: deeper ones are better reached by narrowing the filters, and the offset stays small.
 */
@ParameterObject
public record PageQuery(
        @Schema(description = "Page number, from 0", defaultValue = "0")
        @Min(value = 0, message = PAGE_RULE) @Max(value = MAX_PAGE, message = PAGE_RULE)
        Integer page,
        @Schema(description = "Items per page", defaultValue = "20")
        @Min(value = 1, message = SIZE_RULE) @Max(value = MAX_SIZE, message = SIZE_RULE)
        Integer size) {

    public static final int MAX_PAGE = 10_000;
    public static final int MAX_SIZE = 100;
    static final String PAGE_RULE = "must be between 0 and 10000; narrow the filters to reach older items";
    static final String SIZE_RULE = "must be between 1 and 100";

    public PageQuery {
        page = page == null ? 0 : page;
        size = size == null ? 20 : size;
    }

    /** Rows to skip: a long, since page times size may pass what an int holds before validation caught it. */
    public long offset() {
        return (long) page * size;
    }
}
