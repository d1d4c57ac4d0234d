package com.example.voicegateway.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI voiceGatewayOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Voice Gateway")
                        .description("Queues, sends, retries and tracks voice messages through the 8x8 Voice"
                                + " Callflows API. Errors are RFC 9457 application/problem+json.")
                        .version("v1"))
                .components(new Components().addSecuritySchemes("apiKey", new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER)
                        .name("X-API-Key")
                        .description("A client key (gateway.api-keys.<name>) or an ops key (gateway.ops-api-keys.<name>)")));
    }
}
