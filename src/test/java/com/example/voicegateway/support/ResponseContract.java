package com.example.voicegateway.support;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks an answer against the committed OpenAPI document ({@code docs/openapi.json}, which
 * {@code OpenApiContractTest} keeps equal to what the gateway serves): the status is one the operation documents,
 * the content type one it lists for that status, and the body valid against that schema (JSON Schema 2020-12 with
 * OpenAPI 3.1's vocabulary). Paths the document leaves out (the console, the actuator, the sandbox's emulated 8x8)
 * are not checked.
 */
public final class ResponseContract {

    private static final String DOCUMENT_URI = "https://voice-gateway.example/openapi.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ResponseContract INSTANCE = new ResponseContract(Path.of("docs/openapi.json"));

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private record Route(Pattern pattern, String template) {
    }

    private ResponseContract(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        document = JSON.readTree(text);
        registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
                builder -> builder.schemas(Map.of(DOCUMENT_URI, text)));
        for (Iterator<String> names = document.get("paths").propertyNames().iterator(); names.hasNext(); ) {
            String template = names.next();
            StringBuilder regex = new StringBuilder();
            for (String segment : template.substring(1).split("/", -1)) {
                regex.append('/').append(segment.startsWith("{") ? "[^/]+" : Pattern.quote(segment));
            }
            routes.add(new Route(Pattern.compile(regex.toString()), template));
        }
        // A literal path wins over a template that also matches it (/admin/reconciliations/flagged over /{id}).
        routes.sort((a, b) -> Boolean.compare(a.template().contains("{"), b.template().contains("{")));
    }

    public static ResponseContract get() {
        return INSTANCE;
    }

    /** Fails with every difference between the answer and the document; an undocumented path passes unchecked. */
    public void check(String method, String pathAndQuery, int status, String contentType, String body) {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        String template = routes.stream().filter(r -> r.pattern().matcher(path).matches()).map(Route::template)
                .findFirst().orElse(null);
        if (template == null) {
            return;
        }
        String verb = method.toLowerCase(Locale.ROOT);
        JsonNode operation = document.get("paths").get(template).get(verb);
        if (operation == null) {
            return;
        }
        String where = method + " " + template + " answered " + status;
        String code = String.valueOf(status);
        JsonNode response = operation.get("responses").get(code);
        String pointer = "/paths/" + escape(template) + "/" + verb + "/responses/" + code;
        if (response == null) {
            throw new AssertionError(where + ", a status the document does not list for it: " + body);
        }
        if (response.has("$ref")) {
            pointer = response.get("$ref").asString().substring(1);
            response = document.at(pointer);
        }
        JsonNode content = response.get("content");
        if (content == null || body == null || body.isEmpty()) {
            return;
        }
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim();
        if (!content.has(mediaType)) {
            throw new AssertionError(where + " as " + mediaType + ", but the document says " + content.propertyNames());
        }
        if (!mediaType.endsWith("json")) {
            return;
        }
        String schemaPointer = pointer + "/content/" + escape(mediaType) + "/schema";
        Schema schema = schemas.computeIfAbsent(schemaPointer,
                p -> registry.getSchema(SchemaLocation.of(DOCUMENT_URI + "#" + p)));
        List<Error> errors = schema.validate(JSON.readTree(body));
        if (!errors.isEmpty()) {
            throw new AssertionError(where + " with a body the document does not allow: " + errors + "\n" + body);
        }
    }

    /** A JSON pointer's escaping of one reference token. */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
