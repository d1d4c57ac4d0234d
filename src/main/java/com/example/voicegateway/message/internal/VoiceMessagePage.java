package com.example.voicegateway.message.internal;

import java.util.List;

/** One page of {@code GET /voice-messages}, newest first. */
record VoiceMessagePage(List<VoiceMessageView> items, int page, int size, long totalElements, int totalPages) {
}
