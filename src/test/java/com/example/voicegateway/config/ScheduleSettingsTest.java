package com.example.voicegateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.voicegateway.schedule.Priority;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Default windows and priorities: bound from settings and environment, a bad one stops the start in one line. */
class ScheduleSettingsTest {

    private static ClientPolicies bind(Map<String, String> settings) {
        return TestSettings.bind(ClientPolicies.class, settings);
    }

    @Test
    void noDefaultWindowUnlessConfigured() {
        ClientPolicies properties = bind(Map.of());
        assertThat(properties.deliveryWindow()).isNull();
        assertThat(properties.client("anyone").deliveryWindow()).isNull();
        assertThat(properties.client("anyone").defaultPriority()).isEqualTo(Priority.NORMAL);
    }

    @Test
    void clientAndGlobalWindowsBindFromTheDocumentedEnvironmentVariables() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                        "GATEWAY_DELIVERYWINDOW_FROM", "08:00",
                        "GATEWAY_DELIVERYWINDOW_TO", "21:00",
                        "GATEWAY_CLIENTS_BILLING_DELIVERYWINDOW_FROM", "09:00",
                        "GATEWAY_CLIENTS_BILLING_DELIVERYWINDOW_TO", "17:30",
                        "GATEWAY_CLIENTS_BILLING_DELIVERYWINDOW_DAYS", "MON,TUE,WED",
                        "GATEWAY_CLIENTS_BILLING_DELIVERYWINDOW_TIMEZONE", "Europe/Berlin",
                        "GATEWAY_CLIENTS_BILLING_PRIORITY", "low",
                        "GATEWAY_APIKEYS_BILLING", "billing-key")));

        ClientPolicies properties = new Binder(ConfigurationPropertySources.get(environment))
                .bindOrCreate("gateway", ClientPolicies.class);

        assertThat(properties.deliveryWindow().spec().zone()).as("zone from each destination").isNull();
        assertThat(properties.deliveryWindow().spec().days()).hasSize(7);
        ClientProperties billing = properties.client("billing");
        assertThat(billing.defaultPriority()).isEqualTo(Priority.LOW);
        var spec = billing.deliveryWindow().spec();
        assertThat(spec.from()).isEqualTo(LocalTime.of(9, 0));
        assertThat(spec.to()).isEqualTo(LocalTime.of(17, 30));
        assertThat(spec.days()).isEqualTo(EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY));
        assertThat(spec.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    }

    @Test
    void aBadWindowOrPriorityStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> bind(Map.of(
                "gateway.api-keys.billing", "billing-key",
                "gateway.clients.billing.delivery-window.from", "21:00",
                "gateway.clients.billing.delivery-window.to", "08:00",
                "gateway.clients.billing.priority", "urgent",
                "gateway.delivery-window.from", "08:00",
                "gateway.delivery-window.to", "21:00",
                "gateway.delivery-window.time-zone", "Asia/Nowhere")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("gateway.clients.billing.priority must be HIGH, NORMAL or LOW, was urgent")
                .hasMessageContaining("gateway.clients.billing.delivery-window.to must be after from (21:00)")
                .hasMessageContaining("gateway.delivery-window.time-zone must be an IANA time zone")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> bind(Map.of("gateway.delivery-window.from", "08:00")))
                .hasMessageContaining("gateway.delivery-window.to is required");
        assertThatThrownBy(() -> bind(Map.of(
                "gateway.delivery-window.from", "08:00",
                "gateway.delivery-window.to", "21:00",
                "gateway.delivery-window.days", "MON,SATURDAY")))
                .hasMessageContaining("gateway.delivery-window.days[1] must be one of MON, TUE");
    }
}
