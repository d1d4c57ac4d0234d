package com.example.voicegateway.suppression;

import java.util.List;

/** One page of {@code GET /suppressions}, newest first. */
public record SuppressionPage(List<SuppressionView> items, int page, int size, long totalElements, int totalPages) {
}
