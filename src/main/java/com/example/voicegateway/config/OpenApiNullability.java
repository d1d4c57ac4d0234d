package com.example.voicegateway.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The gateway writes an absent value as {@code null} (an acknowledgement not yet pressed, a message with no call
 * yet), and a validating client must accept what it reads: every property of a response schema that the schema does
 * not list as required may be {@code null} in the document too. Request schemas are left alone, where null and
 * absent mean the same and a generated client sends neither, except where null means something of its own
 * ({@code deliveryWindow: null}, no window): there springdoc writes {@code type: null} beside the {@code $ref}, which
 * no value can match, and it becomes "the object or null" here.
 */
@Component
class OpenApiNullability implements OpenApiCustomizer {

    private static final String SCHEMAS = "#/components/schemas/";

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null || openApi.getComponents() == null
                || openApi.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        for (Schema<?> schema : schemas.values()) {
            if (schema.getProperties() != null) {
                schema.getProperties().replaceAll((name, property) -> isNullableRef(property)
                        ? nullable(withoutNull(property)) : property);
            }
        }
        for (String name : reachableFromResponses(openApi, schemas)) {
            Schema<?> schema = schemas.get(name);
            if (schema == null || schema.getProperties() == null) {
                continue;
            }
            List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
            Map<String, Schema> properties = schema.getProperties();
            for (Map.Entry<String, Schema> property : properties.entrySet()) {
                if (!required.contains(property.getKey())) {
                    property.setValue(nullable(property.getValue()));
                }
            }
        }
    }

    private static boolean isNullableRef(Schema<?> property) {
        return property.get$ref() != null && ("null".equals(property.getType())
                || (property.getTypes() != null && property.getTypes().contains("null"))
                || Boolean.TRUE.equals(property.getNullable()));
    }

    private static Schema<?> withoutNull(Schema<?> property) {
        property.setType(null);
        property.setTypes(null);
        property.setNullable(null);
        return property;
    }

    @SuppressWarnings("unchecked")
    private static Schema<?> nullable(Schema<?> property) {
        if (property.get$ref() != null) {
            // A $ref cannot carry a type of its own: either the referenced object or null.
            Schema<Object> either = new Schema<>();
            either.setDescription(property.getDescription());
            property.setDescription(null);
            Schema<Object> none = new Schema<>();
            none.setTypes(Set.of("null"));
            either.setAnyOf(List.of(property, none));
            return either;
        }
        Set<String> types = property.getTypes() == null ? new LinkedHashSet<>() : new LinkedHashSet<>(property.getTypes());
        if (types.isEmpty() && property.getType() != null) {
            types.add(property.getType());
        }
        if (!types.isEmpty()) {
            types.add("null");
            property.setTypes(types);
            if (property.getEnum() != null && !property.getEnum().contains(null)) {
                // An enum lists every allowed value: null too, or a null never validates.
                List<Object> values = new java.util.ArrayList<>(property.getEnum());
                values.add(null);
                ((Schema<Object>) property).setEnum(values);
            }
        }
        return property;
    }

    private static Set<String> reachableFromResponses(OpenAPI openApi, Map<String, Schema> schemas) {
        Deque<Schema<?>> toVisit = new ArrayDeque<>();
        openApi.getPaths().values().forEach(item -> item.readOperations().stream()
                .map(Operation::getResponses)
                .filter(responses -> responses != null)
                .flatMap(responses -> responses.values().stream())
                .map(ApiResponse::getContent)
                .filter(content -> content != null)
                .flatMap((Content content) -> content.values().stream())
                .filter(media -> media.getSchema() != null)
                .forEach(media -> toVisit.add(media.getSchema())));
        Set<String> seen = new HashSet<>();
        while (!toVisit.isEmpty()) {
            Schema<?> schema = toVisit.pop();
            if (schema.get$ref() != null) {
                String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
                if (schema.get$ref().startsWith(SCHEMAS) && seen.add(name) && schemas.containsKey(name)) {
                    toVisit.add(schemas.get(name));
                }
                continue;
            }
            if (schema.getProperties() != null) {
                schema.getProperties().values().forEach(toVisit::add);
            }
            if (schema.getItems() != null) {
                toVisit.add(schema.getItems());
            }
            if (schema.getAdditionalProperties() instanceof Schema<?> values) {
                toVisit.add(values);
            }
            for (List<Schema> parts : java.util.Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
                if (parts != null) {
                    parts.forEach(toVisit::add);
                }
            }
        }
        // The shared Problem schema says itself what it always carries.
        seen.remove("Problem");
        seen.remove("FieldError");
        return seen;
    }
}
