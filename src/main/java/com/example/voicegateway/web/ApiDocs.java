package com.example.voicegateway.web;

/**
 * Names in the OpenAPI document that controllers' annotations refer to: the shared problem schema and responses of
 * {@code openapi/components.json}, written once so a typo cannot point an operation at nothing.
 */
public final class ApiDocs {

    public static final String PROBLEM = "application/problem+json";
    public static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";
    public static final String NOT_FOUND = "#/components/responses/NotFound";
    public static final String FORBIDDEN = "#/components/responses/Forbidden";

    private ApiDocs() {
    }
}
