package com.example.voicegateway.message.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageIdsTest {

    @Test
    void idsAreVersion7WithTheirMillisecondFirstAndNeverRepeat() {
        long millis = 1_795_000_000_123L;
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            UUID id = MessageIds.next(millis);
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
            assertThat(seen.add(id)).isTrue();
        }
    }

    @Test
    void laterMillisecondsSortAfterEarlierOnes() {
        UUID earlier = MessageIds.next(1_795_000_000_000L);
        UUID later = MessageIds.next(1_795_000_000_001L);
        assertThat(later.toString()).isGreaterThan(earlier.toString());
    }
}
