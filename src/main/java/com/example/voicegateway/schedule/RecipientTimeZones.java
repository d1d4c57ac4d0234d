package com.example.voicegateway.schedule;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.ibm.icu.util.TimeZone;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The time zones of a phone number's country. libphonenumber names the region (for {@code +1} by area code, so
 * Jamaica is not the United States), ICU lists that region's zones from CLDR. Only a single zone is an answer; a
 * country with several cannot be guessed without the number-to-zone data this service does not have.
 */
public final class RecipientTimeZones {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Map<String, List<ZoneId>> BY_REGION = new ConcurrentHashMap<>();

    private RecipientTimeZones() {
    }

    /** Where the number is and which zones that place has; {@code region} is null when unknown. */
    public record Found(String region, List<ZoneId> zones) {

        /** The one zone, or null when there are none or several. */
        public ZoneId single() {
            return zones.size() == 1 ? zones.get(0) : null;
        }
    }

    public static Found of(String e164) {
        String region = region(e164);
        if (region == null) {
            return new Found(null, List.of());
        }
        return new Found(region, BY_REGION.computeIfAbsent(region, RecipientTimeZones::zonesOf));
    }

    private static String region(String e164) {
        try {
            PhoneNumber number = UTIL.parse(e164, null);
            String region = UTIL.getRegionCodeForNumber(number);
            if (region == null) {
                // A possible but not valid number: its country code still tells when it names one country.
                List<String> regions = UTIL.getRegionCodesForCountryCode(number.getCountryCode());
                region = regions.size() == 1 ? regions.get(0) : null;
            }
            // "001" is the non-geographic region (+800, +882...): no place, so no zone.
            return region == null || "001".equals(region) ? null : region;
        } catch (NumberParseException e) {
            return null;
        }
    }

    private static List<ZoneId> zonesOf(String region) {
        return TimeZone.getAvailableIDs(TimeZone.SystemTimeZoneType.CANONICAL_LOCATION, region, null).stream()
                .map(TimeZone::getIanaID)
                .filter(id -> id != null && ZoneId.getAvailableZoneIds().contains(id))
                .distinct()
                .sorted()
                .map(ZoneId::of)
                .toList();
    }
}
