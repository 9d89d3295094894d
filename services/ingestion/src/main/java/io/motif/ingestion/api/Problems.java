package io.motif.ingestion.api;

import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** Error answers: a status, a stable reason code and a sentence, never another tenant's data. */
final class Problems {
    private Problems() {
    }

    static Response of(int status, String code, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("code", code);
        body.put("detail", detail);
        return Response.status(status).entity(body).type("application/json").build();
    }
}
