package com.example.backend;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ydrz.Validation;
import com.ydrz.YdrzException;
import com.ydrz.spring.YdrzTemplate;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The three endpoints a mini-program's login needs (examples/backends/README.md):
 * {@code GET /api/jssdk-params}, {@code POST /api/login}, {@code POST /api/verify-number}. Errors are
 * {@code {error, message[, code]}}; the log names outcomes, never a phone number or a token.
 */
@RestController
public class LoginController {
    private static final Logger log = LoggerFactory.getLogger(LoginController.class);
    /** Platform answers that are the caller's fault: the token expired, was used, or does not belong to this
     * userInformation (one-click 104007 / 104008, number verification 120020); too many checks of one number. */
    private static final Set<String> TOKEN_REJECTED = Set.of("104007", "104008", "120020");
    private static final Set<String> TOO_MANY = Set.of("121011");
    private static final int MAX_FIELD = 4096;
    private static final Pattern PHONE = Pattern.compile("1[0-9]{10}");

    private final YdrzTemplate ydrz;
    private final ObjectMapper json;

    public LoginController(YdrzTemplate ydrz, ObjectMapper json) {
        this.ydrz = ydrz;
        this.json = json;
    }

    /** A refused request: HTTP status, error kind, message and the platform's code when there is one. */
    static final class ApiError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String kind;
        final String code;

        ApiError(int status, String kind, String message, String code) {
            super(message, null, false, false);
            this.status = status;
            this.kind = kind;
            this.code = code;
        }
    }

    @GetMapping(value = "/api/jssdk-params", produces = MediaType.APPLICATION_JSON_VALUE)
    public String jssdkParams() {
        return call("jssdk-params", ydrz::jssdkParams);
    }

    @PostMapping("/api/login")
    public Map<String, Object> login(@RequestBody(required = false) String body, HttpServletRequest request) {
        Map<String, String> in = fields(body, "token", "userInformation");
        Validation login = call("login", () -> ydrz.onekeyValidate(in.get("token"), in.get("userInformation"), null));
        HttpSession previous = request.getSession(false);
        if (previous != null) {
            previous.invalidate(); // a new session id at login (no session fixation)
        }
        request.getSession(true).setAttribute("phone", login.phone());
        log.info("login ok");
        return Map.of("phone", login.phone().substring(0, 3) + "****" + login.phone().substring(7));
    }

    @PostMapping("/api/verify-number")
    public Map<String, Object> verifyNumber(@RequestBody(required = false) String body) {
        Map<String, String> in = fields(body, "token", "userInformation", "phone");
        if (!PHONE.matcher(in.get("phone")).matches()) {
            throw bad("phone must be 11 digits starting with 1");
        }
        boolean matched = call("verify-number",
            () -> ydrz.numberVerify(in.get("token"), in.get("userInformation"), in.get("phone"), null)).matched();
        log.info("verify-number ok: {}", matched ? "matched" : "not matched");
        return Map.of("matched", matched);
    }

    @ExceptionHandler(ApiError.class)
    public ResponseEntity<Map<String, String>> refused(ApiError e) {
        if (e.status == 400) {
            log.info("refused input: {}", e.getMessage());
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", e.kind);
        body.put("message", e.getMessage());
        if (e.code != null) {
            body.put("code", e.code);
        }
        return ResponseEntity.status(e.status).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static ApiError bad(String message) {
        return new ApiError(400, "invalid_request", message, null);
    }

    /** The JSON object body's string fields: each required, non-empty, at most MAX_FIELD characters. */
    private Map<String, String> fields(String body, String... names) {
        JsonNode object;
        try {
            object = body == null ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            object = null;
        }
        if (object == null || !object.isObject()) {
            throw bad("the body must be a JSON object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : names) {
            JsonNode value = object.get(name);
            if (value == null || !value.isTextual() || value.asText().isEmpty()
                || value.asText().codePointCount(0, value.asText().length()) > MAX_FIELD) {
                throw bad(name + " must be a non-empty string of at most " + MAX_FIELD + " characters");
            }
            out.put(name, value.asText());
        }
        return out;
    }

    private <T> T call(String endpoint, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (YdrzException e) {
            throw libraryError(endpoint, e);
        }
    }

    /** The library's error as an HTTP answer, logged by status and platform code only. */
    private static ApiError libraryError(String endpoint, YdrzException e) {
        String code = e.platformCode();
        log.warn("{} failed: {} {}", endpoint, e.statusName(), code == null ? "" : code);
        return switch (e.status()) {
            case TOKEN_REUSED -> new ApiError(409, "token_reused", "this token was already used; get a new one", null);
            case PLATFORM -> TOKEN_REJECTED.contains(code)
                ? new ApiError(401, "token_rejected", "the token is expired, used or does not match", code)
                : TOO_MANY.contains(code)
                    ? new ApiError(429, "too_many_attempts", "too many verifications of this number today", code)
                    : new ApiError(502, "platform_refused", "the platform refused the request", code);
            case TIMEOUT -> new ApiError(504, "platform_timeout", "the platform did not answer in time", null);
            case NETWORK, HTTP, PROTOCOL -> new ApiError(502, "platform_unavailable", "the platform could not be reached", null);
            case INVALID_ARG, INVALID_UTF8 -> new ApiError(400, "invalid_request", "a field is malformed", null);
            default -> new ApiError(500, "internal", "internal error", null);
        };
    }
}
