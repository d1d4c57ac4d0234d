package com.example.voicegateway.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

/** One rule a request broke, as listed in a 400 problem's {@code errors}: the JSON field, query parameter or header. */
public record FieldViolation(String field, String message) {

    /** A Bean Validation violation, named by its path as the client wrote it: {@code redial.maxCalls}, {@code a[1]}. */
    public static FieldViolation of(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.isInIterable() && node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
            // A container element (a list's item) has no name of its own: its index above is its name.
            if (node.getName() != null && node.getKind() != ElementKind.CONTAINER_ELEMENT) {
                field.append(field.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return new FieldViolation(field.isEmpty() ? "body" : field.toString(), violation.getMessage());
    }
}
