package com.example.voicegateway.config;

import com.example.voicegateway.schedule.WindowRules;
import java.util.ArrayList;
import java.util.List;

/**
 * A default delivery window ({@code gateway.delivery-window.*} or {@code gateway.clients.<name>.delivery-window.*}),
 * spelled as a request spells one. Without {@code time-zone} the zone comes from each destination's country.
 *
 * @param from     local time HH:mm the window opens
 * @param to       local time HH:mm it closes, after {@code from}
 * @param days     MON ... SUN; unset means every day
 * @param timeZone IANA zone; unset means the destination's
 */
@ValidDeliveryWindow
public record DeliveryWindowProperties(String from, String to, List<String> days, String timeZone) {

    public DeliveryWindowProperties {
        days = days == null ? null : List.copyOf(days);
    }

    /** The window as parsed; only called on settings {@link DeliveryWindow} accepted. */
    public WindowRules.Spec spec() {
        return WindowRules.parse(WindowRules.Names.setting("delivery-window"), from, to, days, timeZone,
                new ArrayList<>());
    }
}
