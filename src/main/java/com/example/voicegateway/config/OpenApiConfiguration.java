package com.example.voicegateway.config;

import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.tags.Tag;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.servers.Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document's frame: what the gateway is, and the parts every operation shares (the problem+json schema,
 * the problem responses, the headers and the security schemes), written once in {@code openapi/components.json}. The
 * operations come from the controllers; {@code auth.OpenApiSecurity} and {@code web.OpenApiProblems} add to each
 * one what the security rules and the problem handling decide.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static {
        // A pass-through of 8x8's JSON (its registered webhooks): any object, not Jackson's node class.
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new ObjectSchema());
    }

    @Bean
    OpenAPI voiceGatewayOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Voice Gateway")
                        .description("Queues, sends, retries and tracks voice messages through the 8x8 Voice"
                                + " Callflows API. Every error is RFC 9457 application/problem+json, in words;"
                                + " a 400 names each bad field in errors.")
                        .version("v1")
                        .contact(new Contact().name("Voice Gateway maintainers")
                                .url("https://github.com/example/voice-gateway")))
                .tags(List.of(
                        new Tag().name("Voice messages").description("Send, read, search and cancel messages"),
                        new Tag().name("Broadcasts").description("One message to up to 10,000 people: send (JSON or a"
                                + " CSV file), follow, cancel, and the results per recipient"),
                        new Tag().name("Templates").description("Message texts with typed placeholders, spoken in"
                                + " the listener's language"),
                        new Tag().name("Do-not-call lists").description("Numbers not to call: each client's"
                                + " own list, and the global one ops keep; a person's opt-out key press adds to it"),
                        new Tag().name("8x8 webhooks").description("What 8x8 posts to the gateway"),
                        new Tag().name("Admin").description("Operators: callbacks, reconciliation, usage, audit"),
                        new Tag().name("Sandbox").description("Only with the sandbox profile: the emulator's faults"
                                + " and what it was sent")))
                // Relative: the gateway's own address, wherever the document was read from.
                .servers(List.of(new Server().url("/").description("This gateway")))
                .components(sharedComponents());
    }

    private static Components sharedComponents() {
        try (InputStream in = new ClassPathResource("openapi/components.json").getInputStream()) {
            return Json31.mapper().readValue(in, Components.class);
        } catch (IOException e) {
            throw new UncheckedIOException("openapi/components.json is unreadable", e);
        }
    }
}
