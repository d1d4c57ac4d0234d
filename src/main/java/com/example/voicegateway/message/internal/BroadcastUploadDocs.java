package com.example.voicegateway.message.internal;

import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Encoding;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The file form of {@code POST /broadcasts} in the OpenAPI document, as a second content type of the one operation
 * (springdoc keeps only the first request body when two methods share a path and method, so the multipart method is
 * hidden and described here). Its {@code broadcast} part is {@code BroadcastRequest} without {@code recipients}:
 * derived from that schema here, so the two never drift apart.
 */
@Component
class BroadcastUploadDocs implements OpenApiCustomizer {

    private static final String SCHEMAS = "#/components/schemas/";
    static final String FIELDS = "BroadcastFields";

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public void customise(OpenAPI openApi) {
        PathItem path = openApi.getPaths() == null ? null : openApi.getPaths().get("/broadcasts");
        Operation send = path == null ? null : path.getPost();
        Map<String, Schema> schemas = openApi.getComponents() == null ? null : openApi.getComponents().getSchemas();
        if (send == null || send.getRequestBody() == null || schemas == null
                || !schemas.containsKey("BroadcastRequest")) {
            return;
        }
        // A copy of its own: other customizers change request schemas' properties in place.
        Schema<?> fields = Json31.mapper().convertValue(schemas.get("BroadcastRequest"), Schema.class);
        fields.getProperties().remove(BroadcastCsv.PART);
        if (fields.getRequired() != null) {
            List<String> required = fields.getRequired().stream()
                    .filter(name -> !name.equals(BroadcastCsv.PART)).toList();
            fields.setRequired(required.isEmpty() ? null : required);
        }
        fields.setDescription("The broadcast part of a file upload: the fields all messages share, as in"
                + " BroadcastRequest, without recipients (they are the CSV part).");
        openApi.getComponents().addSchemas(FIELDS, fields);

        Schema<Object> csv = new Schema<>();
        csv.setTypes(Set.of("string"));
        csv.setFormat("binary");
        csv.setContentMediaType("text/csv");
        csv.setDescription("The recipients: a CSV file (RFC 4180, UTF-8, with or without a byte order mark, CRLF or"
                + " LF). Its header row names the columns: destination (required), clientReference, and each of the"
                + " template's variables (only with template). One data row per recipient, at most 10,000; an empty"
                + " cell is an absent value, a row of empty cells is skipped. Errors name row n (the header not"
                + " counted) as recipients[n-1], as in the JSON form.");
        Schema<Object> shared = new Schema<>();
        shared.set$ref(SCHEMAS + FIELDS);
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("broadcast", shared);
        properties.put(BroadcastCsv.PART, csv);
        Schema<Object> upload = new Schema<>();
        upload.setTypes(Set.of("object"));
        upload.setDescription("POST /broadcasts as a file upload: the shared fields as JSON, the recipients as CSV");
        upload.setRequired(List.of("broadcast", BroadcastCsv.PART));
        upload.setProperties(properties);
        Map<String, Encoding> encoding = new LinkedHashMap<>();
        encoding.put("broadcast", new Encoding().contentType("application/json"));
        encoding.put(BroadcastCsv.PART, new Encoding().contentType("text/csv"));
        send.getRequestBody().getContent().addMediaType(
                org.springframework.http.MediaType.MULTIPART_FORM_DATA_VALUE,
                new MediaType().schema(upload).encoding(encoding));
    }
}
