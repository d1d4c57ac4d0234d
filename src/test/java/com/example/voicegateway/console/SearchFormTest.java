package com.example.voicegateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SearchFormTest {

    private static SearchForm.Parsed parse(String id, String destination, String status, String from, String to) {
        return new SearchForm(id, destination, null, null, status, from, to, null).parse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+65 9123 4567", "+65-9123-4567", "(+65) 9123.4567", "006591234567", " +6591234567 "})
    void aNumberWithItsCountryCodeIsFoundExactlyHoweverItIsTyped(String typed) {
        SearchForm.Parsed parsed = parse(null, typed, null, null, null);

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.criteria().destinationE164()).isEqualTo("+6591234567");
        assertThat(parsed.criteria().destinationDigits()).isNull();
    }

    @Test
    void aNumberWithoutCountryCodeMatchesOnItsLastDigits() {
        SearchForm.Parsed parsed = parse(null, "9123 4567", null, null, null);

        assertThat(parsed.criteria().destinationE164()).isNull();
        assertThat(parsed.criteria().destinationDigits()).isEqualTo("91234567");
    }

    @Test
    void aNationalTrunkZeroIsNotPartOfTheDigitsMatched() {
        assertThat(parse(null, "0412 345 678", null, null, null).criteria().destinationDigits()).isEqualTo("412345678");
    }

    @Test
    void everyBadFieldIsNamedAtOnce() {
        SearchForm.Parsed parsed = parse("not-an-id", "abc", "LOST", "yesterday", "2026-12-01T10:00");

        assertThat(parsed.errors()).hasSize(4)
                .anySatisfy(e -> assertThat(e).startsWith("Message id"))
                .anySatisfy(e -> assertThat(e).startsWith("Destination"))
                .anySatisfy(e -> assertThat(e).startsWith("Status"))
                .anySatisfy(e -> assertThat(e).startsWith("From"));
    }

    @Test
    void timesAreUtcAndMustBeInOrder() {
        SearchForm.Parsed ok = parse(null, null, "completed", "2026-12-01T09:30", "2026-12-01T10:00");
        assertThat(ok.errors()).isEmpty();
        assertThat(ok.criteria().from()).isEqualTo(Instant.parse("2026-12-01T09:30:00Z"));
        assertThat(ok.criteria().status()).isEqualTo("COMPLETED");

        assertThat(parse(null, null, null, "2026-12-01T10:00", "2026-12-01T09:30").errors())
                .containsExactly("To must be after From.");
        assertThat(parse(null, null, null, "+294277-01-01T00:00", null).errors()).hasSize(1);
    }

    @Test
    void anIdIsParsed() {
        UUID id = UUID.randomUUID();
        assertThat(parse(" " + id + " ", null, null, null, null).criteria().id()).isEqualTo(id);
    }
}
