package com.example.voicegateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import tools.jackson.databind.json.JsonMapper;

/** Where {@link NulRule} finds a NUL: the paths it names, and the ways in that HTTP/1.1 tests cannot reach. */
class NulRuleTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aTreeNamesTheFirstStringOrNameHoldingNulInDocumentOrder() {
        assertThat(NulRule.firstNulPath(JSON.readTree("{\"a\": {\"b\": [1, \"x\", \"y\\u0000\"]}, \"c\": \"\\u0000\"}")))
                .isEqualTo("a.b[2]");
        assertThat(NulRule.firstNulPath(JSON.readTree("{\"a\": {\"k\\u0000\": 1}}"))).isEqualTo("a.k\\u0000");
        assertThat(NulRule.firstNulPath(JSON.readTree("\"\\u0000\""))).isEqualTo("body");
        assertThat(NulRule.firstNulPath(JSON.readTree("{\"a\": [\"x\", {\"b\": null}], \"n\": 1.5}"))).isNull();
    }

    @Test
    void aHeaderHoldingNulIsNamedWhateverTheConnectorLetThrough() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/voice-messages");
        request.addHeader("X-API-Key", "alpha-key");
        request.addHeader("Idempotency-Key", "a\0b");

        assertThat(NulCharacterFilter.firstFieldWithNul(request)).isEqualTo("Idempotency-Key");
    }

    @Test
    void aParameterHoldingNulIsNamedByItsName() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/console/login");
        request.addParameter("key", "ops\0");
        MockHttpServletRequest inName = new MockHttpServletRequest("GET", "/voice-messages");
        inName.addParameter("a\0", "1");
        MockHttpServletRequest clean = new MockHttpServletRequest("GET", "/voice-messages");
        clean.addParameter("page", "1");
        clean.addHeader("Accept", "application/json");

        assertThat(NulCharacterFilter.firstFieldWithNul(request)).isEqualTo("key");
        assertThat(NulCharacterFilter.firstFieldWithNul(inName)).isEqualTo("a\\u0000");
        assertThat(NulCharacterFilter.firstFieldWithNul(clean)).isNull();
    }

    @Test
    void ofAMultipartRequestOnlyTheQueryIsLookedAtSoTheUploadStaysUnparsedUntilTheKeyIsChecked() {
        MockHttpServletRequest upload = new MockHttpServletRequest("POST", "/broadcasts");
        upload.setContentType("multipart/form-data; boundary=b");
        // What Tomcat would hand over once it had parsed the body: never asked for here.
        upload.addParameter("broadcast", "a\0b");
        MockHttpServletRequest withQuery = new MockHttpServletRequest("POST", "/broadcasts");
        withQuery.setContentType("multipart/form-data; boundary=b");
        withQuery.setQueryString("x=1&a%00=2");

        assertThat(NulCharacterFilter.firstFieldWithNul(upload)).isNull();
        assertThat(NulCharacterFilter.firstFieldWithNul(withQuery)).isEqualTo("a\\u0000");
    }
}
