package com.example.voicegateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long a message may wait to be sent and how long what it says about people is kept ({@code gateway.*-validity},
 * {@code gateway.retention.personal-data}, {@code gateway.retention.messages}); together because each bound depends
 * on the others. Shared: intake reads the validities, retention the ages.
 *
 * @param defaultValidity a message's {@code validUntil} when it names none, counted from its start
 * @param maxValidity     the latest {@code validUntil} (and {@code sendAt}) a message may name
 * @param retention       how long done messages keep personal data, and then exist at all
 */
@Validated
@ConfigurationProperties("gateway")
public record LifetimeProperties(
        @NotNull @PositiveDuration @DefaultValue("1h") Duration defaultValidity,
        @NotNull @PositiveDuration @DefaultValue("24h") Duration maxValidity,
        @Valid @NotNull @DefaultValue @NestedConfigurationProperty Retention retention) {

    /**
     * @param personalData age (since creation) after which a done message's text, audio URL, acknowledge prompt and
     *                     thanks, numbers, client reference, Idempotency-Key and callback URL are erased, and the
     *                     numbers in everything it owns are masked (docs/security.md, "Personal data: what and where")
     * @param messages     age after which a done message is deleted with everything attached to it
     */
    public record Retention(
            @NotNull @PositiveDuration @DefaultValue("30d") Duration personalData,
            @NotNull @PositiveDuration @DefaultValue("400d") Duration messages) {
    }

    @AssertTrue(message = "default-validity must not be longer than max-validity")
    public boolean isDefaultValidityWithinMax() {
        return defaultValidity == null || maxValidity == null || defaultValidity.compareTo(maxValidity) <= 0;
    }

    /** A message may still be waiting to be sent until max-validity has passed: its number is still needed. */
    @AssertTrue(message = "retention.personal-data must be longer than max-validity")
    public boolean isPersonalDataKeptPastMaxValidity() {
        return retention == null || retention.personalData() == null || maxValidity == null
                || retention.personalData().compareTo(maxValidity) > 0;
    }

    @AssertTrue(message = "retention.messages must not be shorter than retention.personal-data")
    public boolean isMessagesKeptAtLeastAsLongAsPersonalData() {
        return retention == null || retention.personalData() == null || retention.messages() == null
                || retention.messages().compareTo(retention.personalData()) >= 0;
    }
}
