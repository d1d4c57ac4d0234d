package com.example.voicegateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

// No user store: callers are API keys (auth.SecurityConfiguration); Boot's generated password would only confuse.
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
public class VoiceGatewayApplication {

    public static void main(String[] args) {
        TermSignalExit.installIfAsked();
        SpringApplication.run(VoiceGatewayApplication.class, args);
    }
}
