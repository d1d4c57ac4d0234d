package com.example.voicegateway.message.internal;

import com.example.voicegateway.web.FieldViolation;
import com.example.voicegateway.web.InvalidInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A broadcast with invalid rows (or invalid shared fields): answered as the usual 400 for bad input, its
 * {@code errors} naming each row's field with the row's number ({@code row}, from 1), at most
 * {@link #MAX_LISTED} rows listed, and {@code invalidRows} counting them all. Nothing was stored.
 */
class InvalidRowsException extends ErrorResponseException {

    static final int MAX_LISTED = 100;

    InvalidRowsException(List<FieldViolation> shared, List<RowError> rows, int invalidRows, int recipients) {
        super(HttpStatus.BAD_REQUEST, problem(shared, rows, invalidRows, recipients), null);
    }

    /** One broken rule of one row. */
    record RowError(int row, String field, String message) {

        Map<String, Object> asJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("field", field);
            json.put("message", message);
            json.put("row", row);
            return json;
        }
    }

    private static ProblemDetail problem(List<FieldViolation> shared, List<RowError> rows, int invalidRows,
            int recipients) {
        ProblemDetail problem = InvalidInput.problem(shared.isEmpty()
                ? List.of(new FieldViolation("recipients", "has invalid rows")) : shared);
        List<Object> errors = new ArrayList<>(shared);
        rows.stream().limit(MAX_LISTED).forEach(row -> errors.add(row.asJson()));
        problem.setProperty("errors", errors);
        if (invalidRows > 0) {
            problem.setProperty("invalidRows", invalidRows);
            String first = rows.stream().limit(3)
                    .map(row -> "row " + row.row() + ": " + row.field() + " " + row.message())
                    .collect(Collectors.joining("; "));
            String rowsDetail = invalidRows + " of " + recipients + " recipients are invalid"
                    + (invalidRows > MAX_LISTED ? " (the first " + MAX_LISTED + " are listed in errors)" : "")
                    + ", nothing was stored: " + first + (invalidRows > 3 ? "; ..." : "")
                    + ". Fix them, or send \"partial\": true to accept the valid rows.";
            problem.setDetail(shared.isEmpty() ? rowsDetail : problem.getDetail() + "; " + rowsDetail);
        }
        return problem;
    }
}
